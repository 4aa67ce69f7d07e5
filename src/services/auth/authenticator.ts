// Who is calling: Basic (access key:secret, fixed-user or stored-user username:password) or a Bearer token. A token
// proves who signed in; what that user may do now (role, company, whether they still exist) comes from the store.
import type { Identity, User } from '../../domain/entities/user.js'
import { isAdminRole } from '../../domain/entities/user.js'
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from '../../config/config.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import type { FixedUserEntry, FixedUsers } from './fixed-users.js'
import { createLoginLimiter } from './login-limiter.js'
import { createPasswordHasher, type PasswordHasher } from './passwords.js'
import { verifySecret } from './secrets.js'
import type { TokenIssuer } from './tokens.js'

export interface AuthenticatorDeps extends Pick<ServiceDeps, 'store' | 'clock'> {
  readonly tokens: TokenIssuer
  readonly fixedUsers: FixedUsers
  /** apiserver.auth.login_lockout (DEFAULT_LOGIN_LIMITS when not given). */
  readonly loginLimits?: LoginLimits
  /** Native bcrypt off the main thread when not given; tests pass one that counts its checks. */
  readonly passwords?: PasswordHasher
}

/** Touching last_used on every Basic call would make each call a write; once a minute is plenty. */
const LAST_USED_GRANULARITY_MS = 60_000

/** What a token without `exp` (system identities, as in ClearML) records as its end when its session is revoked. */
const NO_EXPIRY_REVOCATION_MS = 365 * 86400_000

export async function identityOf(tx: Repos, user: User): Promise<Identity> {
  const company = await tx.companies.get(user.company)
  return { user: user.id, company: user.company, role: user.role, userName: user.name, companyName: company?.name ?? '' }
}

function decodeBasic(value: string): { username: string; password: string } {
  let decoded: string
  try {
    decoded = Buffer.from(value, 'base64').toString('utf8')
  } catch {
    throw errors.badCredentials()
  }
  const colon = decoded.indexOf(':')
  if (colon < 0) throw errors.badCredentials()
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

export function createAuthenticator({ store, clock, tokens, fixedUsers, loginLimits, passwords: given }: AuthenticatorDeps) {
  const passwords = given ?? createPasswordHasher()
  const limiter = createLoginLimiter(loginLimits ?? DEFAULT_LOGIN_LIMITS)

  /**
   * Undefined when `key` is no access key. Keys are never locked out (their secrets are random and unguessable, and a
   * check is one SHA-256), so nobody can lock the SDK or an agent out; a wrong secret still counts against the address.
   */
  async function viaAccessKey(key: string, secret: string, clientIp: string): Promise<Identity | undefined> {
    const found = await store.read(async (tx) => {
      const credential = await tx.credentials.get(key)
      if (!credential) return undefined
      const user = verifySecret(secret, credential.secretHash) ? await tx.users.get(credential.userId) : undefined
      return { credential, identity: user && (await identityOf(tx, user)) }
    })
    if (!found) return undefined
    if (!found.identity) {
      await limiter.failedKey(clientIp)
      throw errors.invalidCredentials()
    }
    const now = clock()
    if (now.getTime() - (found.credential.lastUsed?.getTime() ?? 0) > LAST_USED_GRANULARITY_MS) {
      await store.transaction((tx) => tx.credentials.update({ ...found.credential, lastUsed: now, lastUsedFrom: clientIp }))
    }
    return found.identity
  }

  /** A fixed user's or a stored user's password: rate-limited, and one bcrypt check whether or not the name exists. */
  async function viaPassword(username: string, password: string, clientIp: string, fixed: FixedUserEntry | undefined): Promise<Identity> {
    await limiter.attempt(username, clientIp)
    const stored = fixed ? undefined : await store.read((tx) => tx.users.findByEmail(username))
    const matches = fixed ? await fixedUsers.verify(fixed, password, passwords) : await passwords.verify(password, stored?.passwordHash)
    if (!matches) throw errors.invalidCredentials()
    await limiter.succeeded(username, clientIp)
    return store.read(async (tx) => {
      const user = await tx.users.get(fixed?.id ?? (stored as User).id)
      if (!user) throw errors.invalidCredentials(fixed ? 'fixed user not initialised' : undefined)
      return identityOf(tx, user)
    })
  }

  async function basic(value: string, clientIp: string): Promise<Identity> {
    const { username, password } = decodeBasic(value)
    const fixed = fixedUsers.find(username)
    const viaKey = fixed ? undefined : await viaAccessKey(username, password, clientIp)
    return viaKey ?? viaPassword(username, password, clientIp, fixed)
  }

  /** The token's user as the store has them now: 401/30 once deleted; a changed role or company applies at once. */
  async function bearer(token: string) {
    const claims = await tokens.verify(token, clock())
    // Asked together, the two checks share the store's one look at whether a sibling process committed.
    const [revoked, identity] = await Promise.all([store.isSessionRevoked(claims.sessionId), store.currentIdentity(claims.identity.user)])
    if (revoked) throw errors.invalidToken('Token revoked')
    if (!identity) throw errors.invalidToken('user no longer exists')
    return {
      identity,
      session: { id: claims.sessionId, expiresAt: claims.expiresAt ?? new Date(clock().getTime() + NO_EXPIRY_REVOCATION_MS) },
    }
  }

  return {
    async authenticate({ authorization, clientIp }: { authorization: string | undefined; clientIp: string }) {
      if (!authorization) throw errors.noCredentials()
      const space = authorization.indexOf(' ')
      const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase()
      const value = space < 0 ? '' : authorization.slice(space + 1).trim()
      if (scheme === 'basic') return { identity: await basic(value, clientIp) }
      if (scheme !== 'bearer') throw errors.badAuthType()
      return bearer(value)
    },

    async impersonate(caller: Identity, userId: string): Promise<Identity> {
      if (!isAdminRole(caller.role)) throw errors.roleNotAllowed('only admins may impersonate')
      return store.read(async (tx) => {
        const user = await tx.users.get(userId)
        if (!user) throw errors.impersonationError(`unknown user ${userId}`)
        if (user.company !== caller.company && caller.role !== 'root' && caller.role !== 'system') {
          throw errors.impersonationError('user belongs to another company')
        }
        return identityOf(tx, user)
      })
    },
  }
}

export type Authenticator = ReturnType<typeof createAuthenticator>
