// Builds the whole object graph from a Config: store, services, endpoints, listeners. main.ts and the tests
// both use it; only the choice of concrete parts (file vs memory store, real vs fixed clock) differs.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { API_VERSION, type Config } from './config/config.js'
import { createAuthenticator } from './services/auth/authenticator.js'
import { createAuthService } from './services/auth/auth-service.js'
import { bootstrapIdentities, type BootstrapResult } from './services/auth/bootstrap.js'
import { startBackgroundJobs } from './services/background-jobs.js'
import { authEndpoints } from './services/auth/endpoints.js'
import { createFixedUsers } from './services/auth/fixed-users.js'
import { createTokenIssuer } from './services/auth/tokens.js'
import type { Clock, IdSource, ServiceDeps } from './services/deps.js'
import { serviceEndpoints } from './services/registry.js'
import { serverEndpoints } from './services/server/endpoints.js'
import { createUsersService } from './services/users/users-service.js'
import { createDecoderPool } from './services/events/decoder-pool.js'
import { userEndpoints } from './services/users/endpoints.js'
import type { Store } from './store/store.js'
import { createLocalFileStore } from './transport/files/file-store.js'
import { createServers, type Servers } from './transport/http/servers.js'
import { createFileRecorder } from './transport/rpc/recorder.js'
import { createRegistry, type Registry } from './transport/rpc/registry.js'

export interface AppParts {
  readonly config: Config
  readonly store: Store
  readonly log: Logger
  readonly signingSecret: Uint8Array
  readonly clock?: Clock
  readonly ids?: IdSource
}

export interface App {
  readonly servers: Servers
  readonly store: Store
  readonly bootstrap: BootstrapResult
  /** The endpoints by name, for tests that walk the whole API (the fuzz test). */
  readonly registry?: Pick<Registry, 'names' | 'resolve'>
  close(): Promise<void>
}

/** Smaller events batches (the SDK's usual ~100 events) decode inline: the thread hop would cost more. */
const DECODE_ON_THREAD_FROM_BYTES = 64 * 1024

export const uuidHex: IdSource = () => randomUUID().replace(/-/g, '')

export async function createApp(parts: AppParts): Promise<App> {
  const { config, store, log } = parts
  const deps: ServiceDeps = { store, log, config, clock: parts.clock ?? (() => new Date()), ids: parts.ids ?? uuidHex }
  const tokens = createTokenIssuer({ secret: parts.signingSecret, serverVersion: config.serverVersion, apiVersion: API_VERSION })
  const fixedUsers = createFixedUsers({ ...config.auth.fixedUsers, defaultCompany: config.defaultCompany })
  const bootstrap = await bootstrapIdentities(deps, fixedUsers)
  const eventDecoder = createDecoderPool({ threads: config.ingestThreads, minBytes: DECODE_ON_THREAD_FROM_BYTES, log })
  const services = await serviceEndpoints(deps, { eventDecoder, signingSecret: parts.signingSecret })
  const uid = await store.transaction(async (tx) => {
    const existing = await tx.settings.get('server.uid')
    if (existing) return existing
    const created = deps.ids()
    await tx.settings.set('server.uid', created)
    return created
  })

  // The watchdog and housekeeping run under store leases: one process per deployment does them.
  const jobs = startBackgroundJobs(deps)
  const authenticator = createAuthenticator({ store, clock: deps.clock, tokens, fixedUsers, loginLimits: config.auth.loginLimits })
  const registry = createRegistry([
    ...serverEndpoints({ version: config.serverVersion, apiVersion: API_VERSION, uid }),
    ...authEndpoints(createAuthService({ ...deps, tokens }), fixedUsers),
    ...userEndpoints(createUsersService(deps)),
    ...services,
  ])
  const files = await createLocalFileStore(join(config.dataDir, 'files'))
  const servers = await createServers({
    log,
    rpc: {
      registry, authenticator, log, maxBodyBytes: config.api.maxBodyBytes, bodyTimeoutMs: config.api.requestTimeoutSec * 1000,
      record: config.recordFile ? createFileRecorder(config.recordFile) : undefined,
      cookie: { name: config.auth.cookieName, secure: config.auth.cookieSecure, maxAgeSec: config.auth.defaultExpirationSec },
    },
    files: { store: files, authenticator, maxUploadBytes: config.files.maxUploadBytes, cookieName: config.auth.cookieName, defaultCompany: config.defaultCompany },
    web: { serverVersion: config.serverVersion },
    trustedProxies: config.trustedProxies,
    apiTimeoutMs: config.api.requestTimeoutSec * 1000,
  })
  return {
    servers,
    store,
    bootstrap,
    registry,
    async close() {
      await jobs.stop()
      await Promise.all(Object.values(servers).map((s) => s.close()))
      await eventDecoder.close()
      await store.close()
    },
  }
}
