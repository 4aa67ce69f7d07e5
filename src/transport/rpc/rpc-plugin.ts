// The Fastify side of the API: any method on any path goes to the RPC pipeline.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errors, isApiError, type ApiError } from '../../errors.js'
import { buildEnvelope, newCallId } from './envelope.js'
import { readBody } from '../http/body.js'
import { handleCall, type CallResult, type PipelineDeps } from './pipeline.js'

export interface RpcPluginOptions extends PipelineDeps {
  readonly maxBodyBytes: number
  readonly cookie: { name: string; secure: boolean; maxAgeSec: number }
}

function headersOf(req: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v
  return out
}

function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

function send(reply: FastifyReply, result: CallResult, cookie: RpcPluginOptions['cookie']): FastifyReply {
  if (result.cookie === 'clear') {
    reply.header('set-cookie', `${cookie.name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`)
  } else if (result.cookie) {
    const secure = cookie.secure ? '; Secure' : ''
    reply.header('set-cookie', `${cookie.name}=${result.cookie.token}; Path=/; Max-Age=${cookie.maxAgeSec}; HttpOnly; SameSite=Lax${secure}`)
  }
  if (result.raw) {
    reply.header('content-type', result.raw.contentType).header('cache-control', 'no-store, max-age=0')
    if (result.raw.filename) reply.header('content-disposition', contentDisposition(result.raw.filename))
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

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
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
      path: `/${params['*'] ?? ''}`,
      query: url.searchParams,
      headers: headersOf(req),
      body,
      clientIp: (req.headers['x-forwarded-for'] as string | undefined)?.split(',')[0].trim() ?? req.ip,
    }, options)
    return send(reply, result, options.cookie)
  }
  app.all('/', handler)
  app.all('/*', handler)
}
