// ClearML's file server protocol: multipart POST to the base URL (each part named by its target path),
// GET with Range, HEAD, DELETE, POST /delete_many. Every request needs the API's credentials, and every caller
// sees only its own company's files (safe-path.ts: storageKey), under the same URL paths for every company.
import helmet from '@fastify/helmet'
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isApiError } from '../../errors.js'
import { cookieValue } from '../http/cookies.js'
import { crossOriginRefusal } from '../http/same-origin.js'
import { FILE_HEADERS } from '../http/security-headers.js'
import type { Authenticator } from '../rpc/authenticator.js'
import { parseJsonBody } from '../rpc/request.js'
import { SECURITY_HEADERS } from './content-policy.js'
import { sendLocalFile } from './download.js'
import { fileProblem } from './file-errors.js'
import type { FileStore } from './file-store.js'
import { parseClientPath, storageKey } from './safe-path.js'
import { receiveUpload, type KeyOf } from './upload.js'

export interface FileServerOptions {
  readonly store: FileStore
  readonly authenticator: Authenticator
  readonly maxUploadBytes: number
  readonly cookieName: string
  /** Its files stay at the root of the files directory, where deployments before company scoping kept them. */
  readonly defaultCompany: string
}

/** Bounds the work one delete_many request can ask for; ClearML's callers send far smaller batches. */
const MAX_DELETE_MANY = 10_000

/** What the handlers share: the store, and the caller's storage keys. */
interface Context {
  readonly store: FileStore
  readonly keyOf: (req: FastifyRequest) => KeyOf
}

/**
 * The Authorization header, or the session cookie as a bearer token. A cookie call must come from a page of our
 * origin: another site could otherwise make a browser upload or delete (reads without fetch metadata are allowed,
 * as an older browser loading an <img> sends none).
 */
function credentialsOf(req: FastifyRequest, cookieName: string): { authorization?: string; refusal?: string } {
  if (req.headers.authorization) return { authorization: req.headers.authorization }
  const cookie = cookieValue(req.headers.cookie, cookieName)
  if (cookie === undefined) return {}
  const refusal = crossOriginRefusal({ method: req.method, headers: req.headers as Record<string, string | undefined>, host: req.host })
  return refusal === undefined ? { authorization: `Bearer ${cookie}` } : { refusal }
}

/** The request path below the mount point. The router has already percent-decoded it exactly once, which is
 *  what the SDK expects (its stored URLs encode the part names once, and `%` in a name twice). */
const clientPath = (req: FastifyRequest): string => (req.params as { '*'?: string })['*'] ?? ''

const text = (reply: FastifyReply, code: number, body: string) => reply.code(code).type('text/plain; charset=utf-8').send(body)
const notFound = (reply: FastifyReply, path: string) => text(reply, 404, `File ${path} not found`)

function keyFor(ctx: Context, req: FastifyRequest, path: string): string | undefined {
  const parsed = parseClientPath(path)
  return parsed.ok ? ctx.keyOf(req)(parsed.segments) : undefined
}

/** delete_many names are URL-quoted (ClearML unquotes them); a malformed escape is an invalid path, not a 500. */
function decodeOnce(name: string): string | undefined {
  try {
    return decodeURIComponent(name)
  } catch {
    return undefined
  }
}

/** ClearML fails on anything but `{"files": [<string>, ...]}` with a 500; Clarion answers 400. */
function deleteManyNames(body: unknown): string[] | undefined {
  const files = typeof body === 'object' && body !== null ? (body as { files?: unknown }).files : undefined
  if (!Array.isArray(files) || files.length > MAX_DELETE_MANY) return undefined
  return files.every((f) => typeof f === 'string') ? files : undefined
}

async function upload(ctx: Context, req: FastifyRequest, reply: FastifyReply) {
  if (!req.isMultipart()) return text(reply, 400, 'Expected multipart/form-data')
  const result = await receiveUpload(req, ctx.store, ctx.keyOf(req))
  if ('problem' in result) return text(reply, result.problem.status, result.problem.message)
  return reply.code(200).send(result.saved)
}

async function download(ctx: Context, req: FastifyRequest, reply: FastifyReply) {
  const path = clientPath(req)
  if (path === '') return text(reply, 200, 'OK')
  const key = keyFor(ctx, req, path)
  const localPath = key === undefined ? undefined : await ctx.store.locate(key)
  if (!localPath) return notFound(reply, path)
  const forceAttachment = Object.hasOwn(req.query as object, 'download')
  return sendLocalFile(req, reply, { localPath, clientPath: path, forceAttachment }, () => notFound(reply, path))
}

async function remove(ctx: Context, req: FastifyRequest, reply: FastifyReply) {
  const path = clientPath(req)
  const key = keyFor(ctx, req, path)
  if (key === undefined || (await ctx.store.remove(key)) === 'missing') return notFound(reply, path)
  return reply.code(200).send(JSON.stringify(path))
}

async function deleteMany(ctx: Context, req: FastifyRequest, reply: FastifyReply) {
  const names = deleteManyNames(req.body)
  if (!names) return text(reply, 400, `Expected {"files": ["<path>", ...]} with at most ${MAX_DELETE_MANY} paths`)
  // Keys are client-chosen: maps without a prototype keep a file named "__proto__" an ordinary entry.
  const deleted: Record<string, string> = Object.create(null)
  const failures: Record<string, string[]> = Object.create(null)
  for (const f of names) {
    const name = decodeOnce(f)
    const key = name === undefined ? undefined : keyFor(ctx, req, name)
    const outcome = key === undefined ? 'invalid' : await ctx.store.remove(key)
    if (outcome === 'file' || outcome === 'folder') deleted[f] = name as string
    else (failures[outcome === 'missing' ? 'not found' : 'invalid path'] ??= []).push(f)
  }
  return reply.send({ deleted, errors: failures })
}

/** Body parsing, errors, security headers and authentication for every route of the plugin. */
function installGuards(app: FastifyInstance, options: FileServerOptions, companies: WeakMap<FastifyRequest, string>) {
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string))
    } catch {
      done(null, undefined)
    }
  })
  // No envelope, no stack: a status and a short plain-text message (file-errors.ts); details go to the log.
  app.setErrorHandler((err, req, reply) => {
    const problem = fileProblem(err)
    if (problem.status >= 500) req.log.error({ err }, 'file server request failed')
    return text(reply, problem.status, problem.message)
  })
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(SECURITY_HEADERS)
    return payload
  })
  app.addHook('onRequest', async (req, reply) => {
    if (req.headers['content-encoding']) return text(reply, 415, 'Content encoding is not supported')
    const { authorization, refusal } = credentialsOf(req, options.cookieName)
    if (refusal !== undefined) return text(reply, 403, `Forbidden: ${refusal}`)
    // GET / is the health check: credentials are checked only when given.
    if (!authorization && req.method === 'GET' && clientPath(req) === '') return
    try {
      const { identity } = await options.authenticator.authenticate({ authorization, clientIp: req.ip })
      companies.set(req, identity.company)
    } catch (err) {
      const code = isApiError(err) ? err.code : 401
      return text(reply, code === 401 ? 401 : 500, code === 401 ? 'Unauthorized' : 'Authentication failed')
    }
  })
}

export async function fileServerPlugin(app: FastifyInstance, options: FileServerOptions): Promise<void> {
  const limit = Number.isFinite(options.maxUploadBytes) ? options.maxUploadBytes : undefined
  await app.register(helmet, FILE_HEADERS)
  await app.register(multipart, { limits: { fileSize: limit, files: 1000, fieldSize: 1024 * 1024 } })
  // The caller's company, set once authenticated; only the GET / ping goes without one.
  const companies = new WeakMap<FastifyRequest, string>()
  installGuards(app, options, companies)
  const ctx: Context = {
    store: options.store,
    // Fails closed: a route that skipped authentication must not land in the default company's files.
    keyOf: (req) => (segments) => {
      const company = companies.get(req)
      if (company === undefined) throw new Error('file request without an authenticated company')
      return storageKey(segments, company, options.defaultCompany)
    },
  }
  app.post('/', (req, reply) => upload(ctx, req, reply))
  app.post('/delete_many', (req, reply) => deleteMany(ctx, req, reply))
  app.get('/', (req, reply) => download(ctx, req, reply))
  app.get('/*', (req, reply) => download(ctx, req, reply))
  app.delete('/*', (req, reply) => remove(ctx, req, reply))
}
