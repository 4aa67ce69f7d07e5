// ClearML's upload: one multipart POST, each file part named by its target path. All or nothing: every part is
// staged first and moved into place only when every part arrived whole and every target is valid; on any
// failure all staged bytes are removed, so a 413 (or a full disk) on the second part does not keep the first.
import type { MultipartFile } from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import type { FileProblem } from './file-errors.js'
import type { FileStore, StagedFile } from './file-store.js'
import { parseClientPath } from './safe-path.js'

/** The upload body itself was malformed or cut short: the client's fault, whatever the parser threw. */
class MalformedUploadError extends Error {
  readonly code = 'CLARION_MALFORMED_UPLOAD'
  readonly statusCode = 400
  constructor(cause: unknown) {
    super('Malformed multipart body', { cause })
  }
}

/** The multipart plugin's own errors (FST_*: limits, content type) keep their meaning (file-errors.ts). */
const fromBody = (err: unknown): unknown =>
  String((err as { code?: unknown } | null)?.code).startsWith('FST_') ? err : new MalformedUploadError(err)

interface Received {
  readonly clientPath: string
  readonly key: string
  readonly staged: StagedFile
}

export type UploadResult = { readonly saved: string[] } | { readonly problem: FileProblem }

/** Maps a part's path segments to the caller's storage key (the company scope lives there). */
export type KeyOf = (segments: readonly string[]) => string

/** Stages one part; an error of the part's own stream (the body was cut or malformed) is the client's. */
async function stagePart(store: FileStore, part: MultipartFile): Promise<StagedFile> {
  let sourceError: unknown
  part.file.once('error', (err) => { sourceError = err })
  try {
    return await store.stage(part.file)
  } catch (err) {
    // The parser may have failed the stream before this function listened: `errored` still tells.
    const fromSource = sourceError ?? part.file.errored ?? undefined
    throw fromSource === undefined ? err : fromBody(fromSource)
  }
}

async function* fileParts(req: FastifyRequest): AsyncGenerator<MultipartFile> {
  const parts = req.parts()[Symbol.asyncIterator]()
  for (;;) {
    let next: IteratorResult<unknown>
    try {
      next = await parts.next()
    } catch (err) {
      throw fromBody(err)
    }
    if (next.done) return
    const part = next.value as { type: string }
    if (part.type === 'file') yield part as MultipartFile
  }
}

const invalidPath = (name: string): FileProblem => ({ status: 404, message: `Invalid path ${name}` })
const tooLong = (name: string): FileProblem =>
  ({ status: 400, message: `File name too long: each folder or file name is limited to 255 bytes (${name.slice(0, 80)}…)` })

/** Stages every file part of `req`, then commits them together; staged bytes never outlive the call. */
export async function receiveUpload(req: FastifyRequest, store: FileStore, keyOf: KeyOf): Promise<UploadResult> {
  const received: Received[] = []
  let committed = false
  try {
    for await (const part of fileParts(req)) {
      const parsed = parseClientPath(part.fieldname)
      if (!parsed.ok) {
        part.file.resume()
        return { problem: parsed.problem === 'too-long' ? tooLong(part.fieldname) : invalidPath(part.fieldname) }
      }
      const staged = await stagePart(store, part)
      received.push({ clientPath: parsed.segments.join('/'), key: keyOf(parsed.segments), staged })
      // Without throwFileSizeLimit a part cut at the limit ends quietly; it is refused, never stored truncated.
      if (part.file.truncated) return { problem: { status: 413, message: 'File too large' } }
    }
    const { invalidAt } = await store.commit(received.map(({ key, staged }) => ({ key, staged })))
    if (invalidAt !== undefined) return { problem: invalidPath(received[invalidAt].clientPath) }
    committed = true
    return { saved: received.map((r) => r.clientPath) }
  } finally {
    if (!committed) await store.discard(received.map((r) => r.staged))
  }
}
