// Builds a whole Clarion in-process for tests: in-memory SQLite, a temporary data directory, fixed users from
// a real apiserver.conf, and calls sent through Fastify's inject (no sockets).
import type { TestContext } from 'node:test'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino, type Logger } from 'pino'
import { createApp, type App } from '../app.js'
import type { Clock } from '../services/deps.js'
import { loadConfig } from '../config/config.js'
import { openStore } from '../store/open-store.js'
import type { Envelope } from '../transport/rpc/envelope.js'

export const ADMIN = { username: 'admin', password: 'admin-password' }
export const USER = { username: 'jane', password: 'jane-password' }

const APISERVER_CONF = `
auth {
  fixed_users {
    enabled: true
    users: [
      { username: "${ADMIN.username}", password: "${ADMIN.password}", name: "Ada Admin", admin: true }
      { username: "${USER.username}", password: "${USER.password}", name: "Jane Doe" }
    ]
  }
}
`

export interface CallOptions {
  token?: string | null
  basic?: { username: string; password: string }
  headers?: Record<string, string>
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  version?: string
  rawBody?: string
  via?: 'api' | 'gateway'
}

export interface CallResult<D = Record<string, unknown>> {
  status: number
  meta: Envelope['meta']
  data: D
  headers: Record<string, string | string[] | number | undefined>
}

// Tests read replies loosely (`any`) the way the Python clients do; this never crosses into product code.
export interface TestApp {
  readonly app: App
  readonly dataDir: string
  /** A bearer token of the fixed admin. */
  readonly adminToken: string
  call<D = any>(name: string, data?: unknown, options?: CallOptions): Promise<CallResult<D>>
  login(username: string, password: string): Promise<string>
  /** Calls and asserts success; returns `data`. */
  ok<D = any>(name: string, data?: unknown, options?: CallOptions): Promise<D>
}

const basicHeader = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`

/** `log` replaces the silent logger, for tests that read what the server logged (the fuzz test). */
export async function testApp(
  t: TestContext, extraConf = '', env: Record<string, string> = {}, clock?: Clock, log: Logger = pino({ level: 'silent' }),
): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'clarion-test-'))
  const configDir = join(dataDir, 'config')
  await mkdir(configDir)
  await writeFile(join(configDir, 'apiserver.conf'), APISERVER_CONF + extraConf)
  const config = await loadConfig({ CLARION_DATA_DIR: dataDir, CLARION_CONFIG_DIR: configDir, ...env })
  const app = await createApp({
    config, store: openStore(config, ':memory:'), log, signingSecret: new Uint8Array(32).fill(7), clock,
  })
  t.after(async () => {
    await app.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  async function call<D>(name: string, data: unknown = {}, o: CallOptions = {}): Promise<CallResult<D>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers }
    if (o.basic) headers.authorization = basicHeader(o.basic.username, o.basic.password)
    else if (o.token !== null && (o.token ?? adminToken)) headers.authorization = `Bearer ${o.token ?? adminToken}`
    const prefix = o.via === 'gateway' ? '/api' : ''
    const path = o.version ? `${prefix}/v${o.version}/${name}` : `${prefix}/${name}`
    const server = o.via === 'gateway' ? app.servers.gateway : app.servers.api
    const res = await server.inject({ method: o.method ?? 'POST', url: path, headers, payload: o.rawBody ?? JSON.stringify(data) })
    const body = res.body ? (JSON.parse(res.body) as Envelope) : ({ meta: {}, data: {} } as Envelope)
    return { status: res.statusCode, meta: body.meta, data: body.data as D, headers: res.headers }
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await call<{ token: string }>('auth.login', {}, { basic: { username, password }, token: null })
    if (res.status !== 200) throw new Error(`login failed: ${res.meta.result_msg}`)
    return res.data.token
  }

  let adminToken = ''
  adminToken = await login(ADMIN.username, ADMIN.password)

  return {
    app, dataDir, adminToken, call, login,
    async ok(name, data, options) {
      const res = await call(name, data, options)
      if (res.status !== 200) throw new Error(`${name} failed: ${res.status}/${res.meta.result_subcode} ${res.meta.result_msg}`)
      return res.data as any
    },
  }
}
