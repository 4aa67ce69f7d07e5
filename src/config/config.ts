// The only reader of process.env. Builds one validated Config at boot; a bad config stops the start.
import { readdir, readFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { availableParallelism } from 'node:os'
import { join, relative, resolve, sep } from 'node:path'
import { z } from 'zod'
import { ROLES, type Role } from '../domain/entities/user.js'
import { DEFAULT_IGNORED_ITERATION_METRICS, DEFAULT_MAX_TRACKED_METRICS, DEFAULT_PLOT_COMPRESSION_THRESHOLD } from '../domain/events/event-types.js'
import { getPath, isTree, mergeTrees, parseHocon, setPath, type ConfigTree } from './hocon.js'

export interface EventSettings {
  /** services.events.validate_plot_str: check that each reported plot is JSON, and hide those that are not. */
  readonly validatePlotStr: boolean
  /** services.events.plot_compression_threshold: plot strings of this many characters or more are stored compressed (0: never). */
  readonly plotCompressionThreshold: number
  /** services.events.ignore_iteration.metrics: metrics whose iterations never move a task's last_iteration. */
  readonly ignoreIterationMetrics: ReadonlySet<string>
  /** services.tasks.max_last_metrics: metric/variant pairs tracked in last_metrics and unique_metrics. */
  readonly maxLastMetrics: number
}

export const SERVER_VERSION = '2.0.0'
export const API_VERSION = '2.31'
export const DEFAULT_COMPANY_ID = 'd1bd92a3b039400cbafc60a7a5b1e52b'

const FixedUser = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
  name: z.string().optional(),
  admin: z.boolean().optional(),
  company: z.string().optional(),
  /** Keeps a user id from an existing deployment (migrations, test fixtures); default md5("company:username"). */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
})
export type FixedUser = z.infer<typeof FixedUser>

const FixedUsers = z.object({
  enabled: z.boolean().default(false),
  pass_hashed: z.boolean().default(false),
  users: z.array(FixedUser).default([]),
})

const ServiceCredential = z.object({
  user_key: z.string().optional(),
  user_secret: z.string().optional(),
  role: z.enum(ROLES).default('user'),
  display_name: z.string().optional(),
})
const ServiceCredentials = z.record(ServiceCredential)

/** A service identity from `secure.credentials.<name>` (e.g. services_agent for the services agent). */
export interface ServiceCredentialConfig { name: string; accessKey: string; secret: string; role: Role; displayName: string }

const Port = z.coerce.number().int().min(0).max(65535)

/**
 * apiserver.auth.default_expiration_sec: one day (ClearML: 30 days), since a token is now checked against its user on
 * every call but still works until then if stolen. Above the agent's 12 h refresh margin and the SDK's 6 min (1 h
 * with CLEARML_AUTH_TOKEN), so both keep renewing their token well before it expires.
 */
export const DEFAULT_TOKEN_EXPIRATION_SEC = 24 * 3600

/** apiserver.auth.login_lockout: failed password sign-ins allowed per user name and per client address in a window. */
export interface LoginLimits {
  /** max_failures_per_user: a user name locked out after this many failures. */
  readonly perUser: number
  /** max_failures_per_address: a client address (an IPv6 /64) locked out after this many failures, of any names. */
  readonly perAddress: number
  /** window_sec: the window failures are counted in, and how long a lockout lasts. */
  readonly windowSec: number
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUser: 10, perAddress: 50, windowSec: 900 }

export interface Config {
  readonly dataDir: string
  readonly configDirs: readonly string[]
  readonly host: string
  readonly ports: { api: number; files: number; web: number; gateway: number }
  readonly serverVersion: string
  readonly defaultCompany: string
  readonly auth: {
    defaultExpirationSec: number
    maxExpirationSec: number
    cookieName: string
    cookieSecure: boolean
    fixedUsers: { enabled: boolean; passHashed: boolean; users: FixedUser[] }
    serviceCredentials: ServiceCredentialConfig[]
    loginLimits: LoginLimits
  }
  /** requestTimeoutSec: how long a client may take to send a whole API request, body included (slow senders are cut off). */
  readonly api: { maxBodyBytes: number; maxPageSize: number; requestTimeoutSec: number }
  /**
   * Proxies (IP addresses or CIDR ranges) whose X-Forwarded-For/-Proto/-Host headers are believed; from anyone
   * else those headers are ignored, so a client cannot forge its address or make a plain-HTTP request look secure.
   */
  readonly trustedProxies: readonly string[]
  readonly files: { maxUploadBytes: number }
  readonly workers: { taskUpdateTimeoutSec: number }
  /** API processes `clarion start` runs on one store (node:cluster); 1 serves from the starting process itself. */
  readonly apiWorkers: number
  /** Threads that decode large events batches beside the main thread (0: decode inline). */
  readonly ingestThreads: number
  /** How events are checked, stored and summarised on their task (EventSettings). */
  readonly events: EventSettings
  /** Where to record API traffic as fixture lines (development only); unset means off. */
  readonly recordFile: string | undefined
  /** The whole merged tree, for settings read by one module only. */
  readonly tree: ConfigTree
}

export type Env = Readonly<Record<string, string | undefined>>

/** Every `*.conf` below a directory; its relative path names the top-level key (services/tasks.conf → services.tasks). */
async function loadConfigDir(dir: string): Promise<ConfigTree> {
  let tree: ConfigTree = {}
  let entries: string[]
  try {
    entries = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.conf')).sort()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return tree
    throw err
  }
  for (const file of entries) {
    const full = join(dir, file)
    const keyPath = relative(dir, full).slice(0, -'.conf'.length).split(sep)
    const parsed = await parseHocon(await readFile(full, 'utf8'), full)
    const existing = getPath(tree, keyPath.join('.'))
    tree = setPath(tree, keyPath, mergeTrees(isTree(existing) ? existing : {}, parsed))
  }
  return tree
}

/**
 * Lists, objects, quoted strings, numbers and booleans are parsed as HOCON; anything else stays the raw text, so
 * URLs and secrets (which may hold `//`, `#` or `:`) are never cut at what HOCON would read as a comment.
 */
async function parseEnvValue(raw: string): Promise<unknown> {
  const text = raw.trim()
  if (!/^([[{"]|-?\d+(\.\d+)?$|(true|false|null)$)/i.test(text)) return raw
  try {
    return (await parseHocon(`v = ${text}`, 'environment')).v
  } catch {
    return raw
  }
}

/** `CLEARML__a__b=value` (or `TRAINS__…`) sets a.b to the HOCON value, path lower-cased, as ClearML does. */
async function applyEnvOverrides(tree: ConfigTree, env: Env): Promise<ConfigTree> {
  let out = tree
  const keys = Object.keys(env).filter((k) => /^(CLEARML|TRAINS)__/.test(k)).sort()
  for (const key of keys) {
    const path = key.split('__').slice(1).map((p) => p.toLowerCase()).filter(Boolean)
    out = setPath(out, path, await parseEnvValue(env[key] ?? ''))
  }
  return out
}

function wholeNumber(tree: ConfigTree, path: string, fallback: number, min: number): number {
  const n = num(tree, path, fallback)
  if (!Number.isInteger(n) || n < min) throw new Error(`${path}: expected a whole number, ${min} or more, got ${n}`)
  return n
}

function stringList(tree: ConfigTree, path: string, fallback: readonly string[]): string[] {
  const v = getPath(tree, path) ?? fallback
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new Error(`${path}: expected a list of strings, got ${JSON.stringify(v)}`)
  return v
}

function addressList(tree: ConfigTree, env: Env): string[] {
  const raw = env.CLARION_TRUSTED_PROXIES ?? getPath(tree, 'apiserver.trusted_proxies') ?? []
  const list = typeof raw === 'string' ? raw.split(',').map((a) => a.trim()).filter(Boolean) : raw
  const isAddress = (a: unknown) => typeof a === 'string' && isIP(a.split('/')[0]) !== 0 && /^[^/]+(\/\d{1,3})?$/.test(a)
  if (!Array.isArray(list) || !list.every(isAddress)) {
    throw new Error(`apiserver.trusted_proxies (CLARION_TRUSTED_PROXIES): expected IP addresses or CIDR ranges, got ${JSON.stringify(raw)}`)
  }
  return list as string[]
}

function eventSettings(tree: ConfigTree): EventSettings {
  return {
    validatePlotStr: getPath(tree, 'services.events.validate_plot_str') === true,
    plotCompressionThreshold: wholeNumber(tree, 'services.events.plot_compression_threshold', DEFAULT_PLOT_COMPRESSION_THRESHOLD, 0),
    ignoreIterationMetrics: new Set(stringList(tree, 'services.events.ignore_iteration.metrics', DEFAULT_IGNORED_ITERATION_METRICS)),
    maxLastMetrics: wholeNumber(tree, 'services.tasks.max_last_metrics', DEFAULT_MAX_TRACKED_METRICS, 1),
  }
}

const num = (tree: ConfigTree, path: string, fallback: number): number => {
  const v = getPath(tree, path)
  if (typeof v === 'number') return v
  // HOCON's strict mode keeps some numerals (`0.001`) as strings.
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  if (v !== undefined) throw new Error(`${path}: expected a number, got ${JSON.stringify(v)}`)
  return fallback
}

export async function loadConfig(env: Env, cwd = process.cwd()): Promise<Config> {
  const dirsVar = env.CLARION_CONFIG_DIR ?? env.CLEARML_CONFIG_DIR ?? './config'
  const configDirs = dirsVar.split(':').filter(Boolean).map((d) => resolve(cwd, d))
  let tree: ConfigTree = {}
  for (const dir of configDirs) tree = mergeTrees(tree, await loadConfigDir(dir))
  tree = await applyEnvOverrides(tree, env)

  const fixed = FixedUsers.safeParse(getPath(tree, 'apiserver.auth.fixed_users') ?? {})
  if (!fixed.success) {
    const issue = fixed.error.issues[0]
    throw new Error(`apiserver.auth.fixed_users: ${issue.path.join('.')}: ${issue.message}`)
  }
  const services = ServiceCredentials.safeParse(getPath(tree, 'secure.credentials') ?? {})
  if (!services.success) {
    const issue = services.error.issues[0]
    throw new Error(`secure.credentials: ${issue.path.join('.')}: ${issue.message}`)
  }
  // Entries without both a key and a secret are placeholders (ClearML's defaults leave them empty).
  const serviceCredentials = Object.entries(services.data)
    .filter(([, c]) => c.user_key && c.user_secret)
    .map(([name, c]) => ({ name, accessKey: c.user_key!, secret: c.user_secret!, role: c.role, displayName: c.display_name ?? name }))
  const ports = z.object({ api: Port, files: Port, web: Port, gateway: Port }).parse({
    api: env.CLARION_API_PORT ?? 8008,
    files: env.CLARION_FILES_PORT ?? 8081,
    web: env.CLARION_WEB_PORT ?? 8080,
    gateway: env.CLARION_GATEWAY_PORT ?? 10000,
  })
  const apiWorkers = z.coerce.number().int().min(1).max(64).safeParse(env.CLARION_API_WORKERS ?? 1)
  if (!apiWorkers.success) throw new Error(`CLARION_API_WORKERS: expected a whole number from 1 to 64, got ${JSON.stringify(env.CLARION_API_WORKERS)}`)
  // Two decoding threads beside the main thread whenever there is a second core: measured on two cores, the second
  // thread decodes a batch while the first waits for the CPU, and beyond two the store's one writer is the limit.
  const ingestThreads = z.coerce.number().int().min(0).max(16).safeParse(env.CLARION_INGEST_THREADS ?? (availableParallelism() > 1 ? 2 : 0))
  if (!ingestThreads.success) throw new Error(`CLARION_INGEST_THREADS: expected a whole number from 0 to 16, got ${JSON.stringify(env.CLARION_INGEST_THREADS)}`)
  const uploadMb = num(tree, 'fileserver.upload.max_upload_size_mb', Number(env.CLARION_MAX_UPLOAD_MB ?? 5120))
  return {
    dataDir: resolve(cwd, env.CLARION_DATA_DIR ?? './data'),
    configDirs,
    host: env.CLARION_HOST ?? '0.0.0.0',
    ports,
    serverVersion: env.CLEARML_SERVER_VERSION ?? SERVER_VERSION,
    defaultCompany: String(getPath(tree, 'apiserver.default_company') ?? DEFAULT_COMPANY_ID),
    auth: {
      defaultExpirationSec: num(tree, 'apiserver.auth.default_expiration_sec', DEFAULT_TOKEN_EXPIRATION_SEC),
      maxExpirationSec: num(tree, 'apiserver.auth.max_expiration_sec', 365 * 24 * 3600),
      cookieName: String(getPath(tree, 'apiserver.auth.session_auth_cookie_name') ?? 'clearml_token_basic'),
      cookieSecure: getPath(tree, 'apiserver.auth.cookies.secure') === true,
      fixedUsers: {
        enabled: fixed.data.enabled,
        passHashed: fixed.data.pass_hashed,
        users: fixed.data.users,
      },
      serviceCredentials,
      loginLimits: {
        perUser: wholeNumber(tree, 'apiserver.auth.login_lockout.max_failures_per_user', DEFAULT_LOGIN_LIMITS.perUser, 1),
        perAddress: wholeNumber(tree, 'apiserver.auth.login_lockout.max_failures_per_address', DEFAULT_LOGIN_LIMITS.perAddress, 1),
        windowSec: wholeNumber(tree, 'apiserver.auth.login_lockout.window_sec', DEFAULT_LOGIN_LIMITS.windowSec, 1),
      },
    },
    api: {
      maxBodyBytes: Math.floor(num(tree, 'apiserver.max_request_size_mb', 100) * 1024 * 1024),
      maxPageSize: num(tree, 'services._mongo.max_page_size', 500),
      requestTimeoutSec: wholeNumber(tree, 'apiserver.request_timeout_sec', 120, 1),
    },
    trustedProxies: addressList(tree, env),
    // 0 means unlimited, as in ClearML's fileserver.
    files: { maxUploadBytes: uploadMb > 0 ? uploadMb * 1024 * 1024 : Number.POSITIVE_INFINITY },
    workers: { taskUpdateTimeoutSec: num(tree, 'apiserver.workers.task_update_timeout', 600) },
    apiWorkers: apiWorkers.data,
    ingestThreads: ingestThreads.data,
    events: eventSettings(tree),
    recordFile: env.CLARION_RECORD_FILE ? resolve(cwd, env.CLARION_RECORD_FILE) : undefined,
    tree,
  }
}
