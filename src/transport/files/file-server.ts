// ClearML's file server protocol: multipart POST to the base URL (each part named by its target path),
// GET with Range, HEAD, DELETE, POST /delete_many. Every request needs the API's credentials.
import multipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { relative } from 'node:path'
import { isApiError } from '../../errors.js'
import type { Authenticator } from '../rpc/authenticator.js'
import type { FileStore } from './file-store.js'
import { resolveInside } from './safe-path.js'

export interface FileServerOptions {
  readonly store: FileStore
  readonly authenticator: Authenticator
  readonly maxUploadBytes: number
  readonly cookieName: string
}

function credentialsOf(req: FastifyRequest, cookieName: string): string | undefined {
  if (req.headers.authorization) return req.headers.authorization
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === cookieName && rest.length > 0) return `Bearer ${rest.join('=')}`
  }
  return undefined
}

/** The request path below the mount point. The router has already percent-decoded it exactly once, which is
 *  what the SDK expects (its stored URLs encode the part names once, and `%` in a name twice). */
const clientPath = (req: FastifyRequest): string => (req.params as { '*'?: string })['*'] ?? ''

const text = (reply: FastifyReply, code: number, body: string) => reply.code(code).type('text/plain; charset=utf-8').send(body)

export async function fileServerPlugin(app: FastifyInstance, options: FileServerOptions): Promise<void> {
  const { store, authenticator } = options
  const limit = Number.isFinite(options.maxUploadBytes) ? options.maxUploadBytes : undefined
  await app.register(multipart, { limits: { fileSize: limit, files: 1000, fieldSize: 1024 * 1024 } })
  await app.register(fastifyStatic, { root: store.root, serve: false, dotfiles: 'allow' })
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string))
    } catch {
      done(null, undefined)
    }
  })

  app.addHook('onRequest', async (req, reply) => {
    if (req.headers['content-encoding']) return text(reply, 415, 'Content encoding is not supported')
    const authorization = credentialsOf(req, options.cookieName)
    // GET / is the health check: credentials are checked only when given.
    const isPing = req.method === 'GET' && clientPath(req) === ''
    if (!authorization && isPing) return
    try {
      await authenticator.authenticate({ authorization, clientIp: req.ip })
    } catch (err) {
      const code = isApiError(err) ? err.code : 401
      return text(reply, code === 401 ? 401 : 500, code === 401 ? 'Unauthorized' : 'Authentication failed')
    }
  })

  const upload = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.isMultipart()) return text(reply, 400, 'Expected multipart/form-data')
    const saved: string[] = []
    try {
      for await (const part of req.parts()) {
        if (part.type !== 'file') continue
        const target = resolveInside(store.root, part.fieldname)
        if (!target) {
          part.file.resume()
          return text(reply, 404, `Invalid path ${part.fieldname}`)
        }
        // A part cut at the size limit is discarded, never stored truncated.
        if (!(await store.write(target, part.file, () => !part.file.truncated))) return text(reply, 413, 'File too large')
        saved.push(relative(store.root, target))
      }
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return text(reply, 413, 'File too large')
      throw err
    }
    return reply.code(200).send(saved)
  }

  const download = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = clientPath(req)
    if (path === '') return text(reply, 200, 'OK')
    const target = resolveInside(store.root, path)
    if (!target || !(await store.exists(target))) return text(reply, 404, `File ${path} not found`)
    const query = req.query as Record<string, unknown>
    const rel = relative(store.root, target)
    // .gz files go out as opaque bytes, so clients do not transparently decompress them.
    if (rel.endsWith('.gz')) reply.type('application/octet-stream')
    if ('download' in query) reply.header('content-disposition', `attachment; filename="${encodeURIComponent(rel.split('/').pop() ?? rel)}"`)
    return reply.sendFile(rel, store.root, { cacheControl: true, maxAge: 300_000 })
  }

  const remove = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = clientPath(req)
    const target = resolveInside(store.root, path)
    if (!target || (await store.remove(target)) === 'missing') return text(reply, 404, `File ${path} not found`)
    return reply.code(200).send(JSON.stringify(path))
  }

  const deleteMany = async (req: FastifyRequest, reply: FastifyReply) => {
    const files = (req.body as { files?: unknown } | undefined)?.files
    if (!Array.isArray(files)) return text(reply, 400, 'Expected {"files": [...]}')
    const deleted: Record<string, string> = {}
    const failures: Record<string, string[]> = {}
    for (const f of files) {
      const name = typeof f === 'string' ? decodeURIComponent(f) : ''
      const target = resolveInside(store.root, name)
      const outcome = target ? await store.remove(target) : 'invalid'
      if (outcome === 'file' || outcome === 'folder') deleted[String(f)] = name
      else (failures[outcome === 'missing' ? 'not found' : 'invalid path'] ??= []).push(String(f))
    }
    return reply.send({ deleted, errors: failures })
  }

  app.post('/', upload)
  app.post('/delete_many', deleteMany)
  app.get('/', download)
  app.get('/*', download)
  app.delete('/*', remove)
}
