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
}

export interface Servers {
  readonly api: FastifyInstance
  readonly files: FastifyInstance
  readonly web: FastifyInstance
  readonly gateway: FastifyInstance
}

const newApp = (log: Logger): FastifyInstance => Fastify({
  loggerInstance: log,
  // Per-request lines would drown the log at ingest rates; calls that fail are logged by the pipeline.
  logController: new LogController({ disableRequestLogging: true }),
  // Files can be large and slow; the API keeps Node's defaults.
  requestTimeout: 0,
  trustProxy: false,
  routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
}) as unknown as FastifyInstance

export async function createServers(o: ServerOptions): Promise<Servers> {
  const api = newApp(o.log)
  await api.register(rpcPlugin, o.rpc)
  const files = newApp(o.log)
  await files.register(fileServerPlugin, o.files)
  const web = newApp(o.log)
  await web.register(webPlugin, o.web)
  const gateway = newApp(o.log)
  await gateway.register(rpcPlugin, { ...o.rpc, prefix: '/api' })
  await gateway.register(fileServerPlugin, { ...o.files, prefix: '/files' })
  await gateway.register(webPlugin, o.web)
  for (const app of [api, files, web, gateway]) {
    app.addHook('onSend', async (_req, reply) => { reply.header('server', 'clarion') })
  }
  await Promise.all([api.ready(), files.ready(), web.ready(), gateway.ready()])
  return { api, files, web, gateway }
}
