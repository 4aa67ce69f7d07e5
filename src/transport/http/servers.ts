// The four listeners: API, file server, web and the single-origin gateway. Each role is a Fastify plugin;
// the gateway mounts the same plugins under /api and /files, so one origin serves everything in-process.
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { fileServerPlugin, type FileServerOptions } from '../files/file-server.js'
import { rpcPlugin, type RpcPluginOptions } from '../rpc/rpc-plugin.js'
import { webPlugin, type WebOptions } from '../web.js'

export interface ServerOptions {
  readonly log: Logger
  readonly rpc: RpcPluginOptions
  readonly files: FileServerOptions
  readonly web: WebOptions
  /** Addresses whose X-Forwarded-* headers count (Config.trustedProxies); empty: none. */
  readonly trustedProxies: readonly string[]
  /** How long an API client may take to send a request (Config.api.requestTimeoutSec). */
  readonly apiTimeoutMs: number
}

export interface Servers {
  readonly api: FastifyInstance
  readonly files: FastifyInstance
  readonly web: FastifyInstance
  readonly gateway: FastifyInstance
}

/**
 * How long a client may take to send its headers, and then its whole request, per listener (the API's is a setting).
 * The file server and the gateway take uploads of gigabytes; the RPC plugin adds the API's deadline for its bodies on
 * the gateway too.
 */
export const TIMEOUTS_MS = {
  headers: 20_000,
  files: 3_600_000,
  web: 30_000,
  gateway: 3_600_000,
} as const

function newApp(log: Logger, trustedProxies: readonly string[], requestTimeoutMs: number): FastifyInstance {
  // Node refuses a header deadline later than the request deadline.
  const headersTimeout = Math.min(TIMEOUTS_MS.headers, requestTimeoutMs)
  return Fastify({
    loggerInstance: log,
    // Per-request lines would drown the log at ingest rates; calls that fail are logged by the pipeline.
    logController: new LogController({ disableRequestLogging: true }),
    requestTimeout: requestTimeoutMs,
    // Node checks the header and request deadlines on this interval (30 s by default).
    http: { headersTimeout, connectionsCheckingInterval: 1_000 },
    trustProxy: trustedProxies.length > 0 ? [...trustedProxies] : false,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  }) as unknown as FastifyInstance
}

export async function createServers(o: ServerOptions): Promise<Servers> {
  const api = newApp(o.log, o.trustedProxies, o.apiTimeoutMs)
  await api.register(rpcPlugin, o.rpc)
  const files = newApp(o.log, o.trustedProxies, TIMEOUTS_MS.files)
  await files.register(fileServerPlugin, o.files)
  const web = newApp(o.log, o.trustedProxies, TIMEOUTS_MS.web)
  await web.register(webPlugin, o.web)
  const gateway = newApp(o.log, o.trustedProxies, TIMEOUTS_MS.gateway)
  await gateway.register(rpcPlugin, { ...o.rpc, prefix: '/api' })
  await gateway.register(fileServerPlugin, { ...o.files, prefix: '/files' })
  await gateway.register(webPlugin, o.web)
  for (const app of [api, files, web, gateway]) {
    app.addHook('onSend', async (_req, reply) => { reply.header('server', 'clarion') })
  }
  await Promise.all([api.ready(), files.ready(), web.ready(), gateway.ready()])
  return { api, files, web, gateway }
}
