// The web listener. For now a landing page and the configuration.json the web app reads at start.
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import { WEB_HEADERS } from './http/security-headers.js'

export interface WebOptions {
  readonly serverVersion: string
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Clarion</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}
code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><h1>Clarion</h1>
<p>A ClearML-compatible MLOps server. Point the <code>clearml</code> SDK and <code>clearml-agent</code> here:</p>
<ul><li>API: <code>/api</code> (or port 8008)</li><li>Files: <code>/files</code> (or port 8081)</li></ul>
<p>Health: <a href="/api/debug.ping">/api/debug.ping</a></p>
</body></html>`

export async function webPlugin(app: FastifyInstance, options: WebOptions): Promise<void> {
  await app.register(helmet, WEB_HEADERS)
  app.get('/configuration.json', async () => ({
    // The ClearML web app reads these at start; relative hosts make one origin serve everything.
    apiBaseUrl: '/api',
    fileBaseUrl: '/files',
    displayedServerUrls: {},
    serverVersion: options.serverVersion,
  }))
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE))
}
