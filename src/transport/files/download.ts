// Sends a stored local file with @fastify/send: Range (206/416), HEAD, Content-Length, ETag and Last-Modified
// (304/412), as the SDK expects (it probes Content-Length, then downloads with GET and an optional Range).
// Content-Type and Content-Disposition come from content-policy.ts, never from send's own guess.
import send, { type SendOptions } from '@fastify/send'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { STATUS_CODES } from 'node:http'
import { servedAs } from './content-policy.js'

// Files are private to a company, so no shared cache may keep them; clients may reuse them for 300 s, as ClearML.
const CACHE_CONTROL = 'private, max-age=300'
const SEND_OPTIONS: SendOptions = {
  acceptRanges: true, cacheControl: false, contentType: false, etag: true, lastModified: true,
  // The path was checked link by link (file-store.ts) and may sit below the .companies folder.
  dotfiles: 'allow', index: false,
}

/** @fastify/send percent-decodes the path it is given, so a local path goes in encoded once. */
const encodeLocalPath = (path: string): string => path.split('/').map(encodeURIComponent).join('/')

export interface Download {
  /** The verified local path of the file. */
  readonly localPath: string
  /** The name the client asked for; its last segment names the download. */
  readonly clientPath: string
  readonly forceAttachment: boolean
}

/** Answers `req` with the file; `notFound` answers when it vanished between the check and the send. */
export async function sendLocalFile(req: FastifyRequest, reply: FastifyReply, file: Download, notFound: () => FastifyReply) {
  const sent = await send(req.raw, encodeLocalPath(file.localPath), SEND_OPTIONS)
  // A folder or a missing file here means it changed since the store checked it.
  if (sent.type === 'directory' || sent.statusCode === 404) return notFound()
  if (sent.type === 'error') {
    if (sent.statusCode >= 500) req.log.error({ err: sent.metadata.error }, 'file download failed')
    // 412, and 416 for a Range outside the file, with the Content-Range a client needs to retry.
    const range = sent.headers['Content-Range']
    if (range) reply.header('content-range', range)
    return reply.code(sent.statusCode).type('text/plain; charset=utf-8').send(STATUS_CODES[sent.statusCode] ?? 'Error')
  }
  const fileName = file.clientPath.split('/').pop() ?? file.clientPath
  const as = servedAs(fileName, file.forceAttachment)
  reply.code(sent.statusCode).headers(sent.headers)
  reply.headers({ 'content-type': as.contentType, 'content-disposition': as.contentDisposition, 'cache-control': CACHE_CONTROL })
  return reply.send(sent.stream)
}
