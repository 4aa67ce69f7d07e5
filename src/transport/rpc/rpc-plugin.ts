// The Fastify side of the API: GET and POST on any path go to the RPC pipeline; other methods get 405.
import helmet from '@fastify/helmet'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errors, isApiError, type ApiError } from '../../errors.js'
import { buildEnvelope, newCallId } from './envelope.js'
import { readBody } from '../http/body.js'
import { contentDisposition } from '../http/content-disposition.js'
import { API_HEADERS } from '../http/security-headers.js'
import { handleCall, type CallResult, type PipelineDeps } from './pipeline.js'

export interface RpcPluginOptions extends Omit<PipelineDeps, 'cookieName'> {
  readonly maxBodyBytes: number
  /** `secure`: always mark the cookie Secure; it is also Secure whenever the request came over HTTPS. */
  readonly cookie: { name: string; secure: boolean; maxAgeSec: number }
  /** How long a client may take to send a whole request body (a slow sender is cut off after this). */
  readonly bodyTimeoutMs: number
}

/** ClearML's clients use GET (with a JSON body) and POST; OPTIONS answers a preflight without approving it. */
const METHODS = new Set(['GET', 'POST', 'OPTIONS'])

function headersOf(req: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v
  return out
}

function send(reply: FastifyReply, result: CallResult, cookie: RpcPluginOptions['cookie'], isHttps: boolean): FastifyReply {
  const secure = cookie.secure || isHttps ? '; Secure' : ''
  if (result.cookie === 'clear') {
    reply.header('set-cookie', `${cookie.name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`)
  } else if (result.cookie) {
    reply.header('set-cookie', `${cookie.name}=${result.cookie.token}; Path=/; Max-Age=${cookie.maxAgeSec}; HttpOnly; SameSite=Lax${secure}`)
  }
  if (result.raw) {
    reply.header('content-type', result.raw.contentType).header('cache-control', 'no-store, max-age=0')
    if (result.raw.filename) reply.header('content-disposition', contentDisposition('attachment', result.raw.filename))
    return reply.code(result.status).send(result.raw.body)
  }
  return reply.code(result.status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(result.envelope))
}

function sendEarlyError(reply: FastifyReply, error: ApiError): FastifyReply {
  const envelope = buildEnvelope({
    callId: newCallId(), trx: undefined, endpoint: '', requestedVersion: '', actualVersion: '',
    code: error.code, subcode: error.subcode, message: error.message, data: {},
  })
  return reply.code(error.code).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(envelope))
}

export async function rpcPlugin(app: FastifyInstance, options: RpcPluginOptions): Promise<void> {
  await app.register(helmet, API_HEADERS)
  app.removeAllContentTypeParsers()
  // Bodies are parsed by the pipeline whatever their declared type: the SDK sends JSON with odd content types.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_req, body, done) => done(null, body))

  // Failures before the pipeline runs (a body over the limit, a broken stream) still answer with an envelope.
  app.setErrorHandler((err, req, reply) => {
    const status = (err as { statusCode?: number }).statusCode ?? 500
    req.log.warn({ err }, 'request rejected before the pipeline')
    const error = status === 413 ? errors.requestTooLarge() : status >= 500 ? errors.general() : errors.badRequest()
    return sendEarlyError(reply, error)
  })

  // A deadline for the whole body, which a listener-wide timeout cannot give: on the gateway the same listener takes
  // hour-long file uploads. A client that trickles a body in (one byte a minute) is cut off.
  app.addHook('onRequest', async (req, reply) => {
    const deadline = setTimeout(() => req.raw.destroy(), options.bodyTimeoutMs).unref()
    req.raw.once('end', () => clearTimeout(deadline))
    reply.raw.once('close', () => clearTimeout(deadline))
  })

  const pipelineDeps: PipelineDeps = { ...options, cookieName: options.cookie.name }
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!METHODS.has(req.method)) return sendEarlyError(reply.header('allow', 'GET, POST'), errors.methodNotAllowed(req.method))
    if (req.method === 'OPTIONS') return reply.code(200).send('')
    // ClearML refuses compressed request bodies outright.
    if (req.headers['content-encoding']) {
      return reply.code(415).type('text/plain').send(`Content encoding is not supported (${req.headers['content-encoding']})`)
    }
    let body = Buffer.isBuffer(req.body) ? req.body : undefined
    if (body === undefined) {
      try {
        body = await readBody(req.raw, options.maxBodyBytes)
      } catch (err) {
        if (isApiError(err)) return sendEarlyError(reply, err)
        throw err
      }
    }
    const url = new URL(req.url, 'http://x')
    const params = req.params as { '*'?: string }
    const result = await handleCall({
      method: req.method,
      host: req.host,
      path: `/${params['*'] ?? ''}`,
      query: url.searchParams,
      headers: headersOf(req),
      body,
      // req.ip and req.protocol read X-Forwarded-* only from the configured trusted proxies.
      clientIp: req.ip,
    }, pipelineDeps)
    return send(reply, result, options.cookie, req.protocol === 'https')
  }
  app.all('/', handler)
  app.all('/*', handler)
}
