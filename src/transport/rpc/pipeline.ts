// One RPC call, framework-free: parse → resolve → authenticate → authorize → impersonate → validate → call →
// envelope. The stages are listed in STAGES, in order; each fills in the call state or throws an ApiError.
import type { Logger } from 'pino'
import type { ZodError } from 'zod'
import type { Identity } from '../../domain/entities/user.js'
import { ApiError, errors, isApiError } from '../../errors.js'
import type { Authenticator } from './authenticator.js'
import type { BatchBody, Call, Endpoint } from './endpoint.js'
import { RawReply } from './endpoint.js'
import { buildEnvelope, newCallId } from './envelope.js'
import type { Registry } from './registry.js'
import { parseBody, parsePath } from './request.js'
import { cookieValue } from '../http/cookies.js'
import { crossOriginRefusal, isJsonContentType } from '../http/same-origin.js'

export interface RawCall {
  readonly method: string
  /** Our host as the client addressed it (Host, or X-Forwarded-Host from a trusted proxy). */
  readonly host: string | undefined
  readonly path: string
  readonly query: URLSearchParams
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: Buffer | undefined
  readonly clientIp: string
}

export interface CallResult {
  readonly status: number
  readonly envelope?: ReturnType<typeof buildEnvelope>
  readonly raw?: RawReply
  readonly cookie?: { token: string } | 'clear'
}

const ANONYMOUS: Identity = { user: '', company: '', role: 'guest', userName: '', companyName: '' }

interface State {
  raw: RawCall
  endpointName: string
  requestedVersion: string
  endpoint?: Endpoint
  data: Record<string, unknown>
  batch: BatchBody | undefined
  identity: Identity
  authenticated: boolean
  session?: { id: string; expiresAt: Date }
  request?: unknown
}

/** One finished call, for recording real-client traffic as test fixtures. */
export interface CallRecord {
  endpoint: string
  version: string
  request: Record<string, unknown>
  batch: unknown[]
  status: number
  subcode: number
  response: unknown
}

export interface PipelineDeps {
  readonly registry: Registry
  readonly authenticator: Authenticator
  readonly log: Logger
  /** The session cookie's name (apiserver.auth.session_auth_cookie_name). */
  readonly cookieName: string
  readonly record?: (entry: CallRecord) => void
}

type Stage = (s: State, deps: PipelineDeps) => Promise<void> | void

const header = (s: State, name: string): string | undefined =>
  s.raw.headers[`x-clearml-${name}`] ?? s.raw.headers[`x-trains-${name}`]

const parse: Stage = (s, { record }) => {
  const path = parsePath(s.raw.path)
  s.endpointName = path.endpoint
  s.requestedVersion = path.requestedVersion
  const body = parseBody(s.raw.body, s.raw.headers['content-type'], s.raw.query)
  s.data = body.data
  s.batch = body.batch
  // A recorder reads the batch after the call, when a large body has been moved to a decoding thread: parse it now.
  if (record) s.batch?.items()
}

const resolve: Stage = (s, { registry }) => {
  s.endpoint = registry.resolve(s.endpointName, s.requestedVersion)
  if (!s.endpoint) throw errors.endpointNotFound(`no endpoint ${s.endpointName} for version ${s.requestedVersion}`)
}

const authenticate: Stage = async (s, { authenticator, cookieName }) => {
  const e = s.endpoint!
  if (e.auth === 'none') return
  const cookie = s.raw.headers.authorization ? undefined : cookieValue(s.raw.headers.cookie, cookieName)
  const refusal = cookie === undefined ? undefined : cookieCallRefusal(s.raw, e)
  if (refusal !== undefined) {
    // An optional-auth call from another site is answered as if no session existed: nothing about it leaks.
    if (e.auth === 'optional') return
    throw errors.crossSiteRequest(refusal)
  }
  const authorization = s.raw.headers.authorization ?? (cookie === undefined ? undefined : `Bearer ${cookie}`)
  if (!authorization && e.auth === 'optional') return
  if (!authorization) throw errors.noCredentials()
  try {
    const result = await authenticator.authenticate({ authorization, clientIp: s.raw.clientIp })
    s.identity = result.identity
    s.session = result.session
    s.authenticated = true
  } catch (err) {
    if (e.auth === 'optional' && isApiError(err) && err.code === 401) return
    throw err
  }
}

const authorize: Stage = (s) => {
  const e = s.endpoint!
  if (e.auth !== 'required' || e.roles === '*') return
  if (!e.roles.includes(s.identity.role)) throw errors.roleNotAllowed(`role ${s.identity.role} may not call ${e.name}`)
}

const impersonate: Stage = async (s, deps) => {
  const target = header(s, 'impersonate-as')
  const actAs = header(s, 'act-as')
  if (target && actAs) throw errors.invalidHeaders('impersonate-as and act-as cannot be used together')
  if (!target || !s.authenticated) return
  s.identity = await deps.authenticator.impersonate(s.identity, target)
  authorize(s, deps)
}

const validate: Stage = (s) => {
  const parsed = s.endpoint!.schema.safeParse(s.data)
  if (!parsed.success) throw validationError(parsed.error)
  s.request = parsed.data
}

export const STAGES: readonly Stage[] = [parse, resolve, authenticate, authorize, impersonate, validate]

function validationError(err: ZodError): ApiError {
  const issue = err.issues[0]
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
  return errors.validation(`${where}${issue.message}`)
}

/**
 * Browser sessions call the API the way the web app does: POST with a JSON body from a page of our origin. Only
 * download endpoints may also be opened with a same-origin GET link.
 */
function cookieCallRefusal(raw: RawCall, e: Endpoint): string | undefined {
  const isPost = raw.method === 'POST'
  if (!isPost && !(e.downloadable && raw.method === 'GET')) return `a browser session calls ${e.name} with POST`
  if (isPost && !isJsonContentType(raw.headers['content-type'])) return 'a browser session sends application/json'
  return crossOriginRefusal(raw)
}

export async function handleCall(raw: RawCall, deps: PipelineDeps): Promise<CallResult> {
  const callId = newCallId()
  const s: State = {
    raw, endpointName: '', requestedVersion: '1.0', data: {}, batch: undefined, identity: ANONYMOUS, authenticated: false,
  }
  const envelope = (code: number, subcode: number, message: string, data: unknown) => buildEnvelope({
    callId, trx: header(s, 'trx'), endpoint: s.endpointName, requestedVersion: s.requestedVersion,
    actualVersion: s.endpoint?.minVersion ?? s.requestedVersion, code, subcode, message, data,
  })
  const result = await runStages(s, deps, callId, envelope)
  if (deps.record && result.envelope) {
    deps.record({
      endpoint: s.endpointName, version: s.requestedVersion, request: s.data,
      batch: (s.batch?.items() ?? []).map((b) => (b.ok ? b.value : null)), status: result.status,
      subcode: result.envelope.meta.result_subcode, response: result.envelope.data,
    })
  }
  return result
}

type EnvelopeOf = (code: number, subcode: number, message: string, data: unknown) => ReturnType<typeof buildEnvelope>

async function runStages(s: State, deps: PipelineDeps, callId: string, envelope: EnvelopeOf): Promise<CallResult> {
  const { raw } = s
  try {
    for (const stage of STAGES) await stage(s, deps)
    const e = s.endpoint!
    const call: Call = {
      endpoint: e.name, requestedVersion: s.requestedVersion, identity: s.identity, authenticated: s.authenticated,
      batch: s.batch, worker: header(s, 'worker'), clientIp: raw.clientIp, session: s.session,
    }
    const result = await e.handle(s.request, call)
    if (result instanceof RawReply) return { status: 200, raw: result }
    const cookie = sessionCookie(e, result)
    return { status: 200, envelope: envelope(200, 0, 'OK', result), cookie }
  } catch (err) {
    const apiError = isApiError(err) ? err : errors.general()
    if (!isApiError(err) || apiError.code >= 500) {
      deps.log.error({ err, endpoint: s.endpointName, callId }, 'call failed')
    }
    return { status: apiError.code, envelope: envelope(apiError.code, apiError.subcode, apiError.message, {}) }
  }
}

function sessionCookie(e: Endpoint, result: unknown): CallResult['cookie'] {
  if (e.sessionCookie === 'clear') return 'clear'
  if (e.sessionCookie === 'set' && typeof result === 'object' && result !== null) {
    const token = (result as { token?: unknown }).token
    if (typeof token === 'string') return { token }
  }
  return undefined
}
