// Who is calling: Basic (access key:secret, fixed-user or stored-user username:password) or a Bearer token.
import type { Identity, User } from '../../domain/entities/user.js'
import { isAdminRole } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import type { FixedUsers } from './fixed-users.js'
import { verifyPassword, verifySecret } from './secrets.js'
import type { TokenIssuer } from './tokens.js'

export interface AuthenticatorDeps extends Pick<ServiceDeps, 'store' | 'clock'> {
  readonly tokens: TokenIssuer
  readonly fixedUsers: FixedUsers
}

/** Touching last_used on every Basic call would make each call a write; once a minute is plenty. */
const LAST_USED_GRANULARITY_MS = 60_000

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

export function createAuthenticator({ store, clock, tokens, fixedUsers }: AuthenticatorDeps) {
  async function basic(value: string, clientIp: string): Promise<Identity> {
    const { username, password } = decodeBasic(value)
    const fixed = fixedUsers.find(username)
    if (fixed) {
      if (!(await fixedUsers.verify(fixed, password))) throw errors.invalidCredentials()
      return store.read(async (tx) => {
        const user = await tx.users.get(fixed.id)
        if (!user) throw errors.invalidCredentials('fixed user not initialised')
        return identityOf(tx, user)
      })
    }
    const viaKey = await store.read(async (tx) => {
      const credential = await tx.credentials.get(username)
      if (!credential || !verifySecret(password, credential.secretHash)) return undefined
      const user = await tx.users.get(credential.userId)
      if (!user) return undefined
      return { credential, identity: await identityOf(tx, user) }
    })
    if (viaKey) {
      const now = clock()
      const last = viaKey.credential.lastUsed?.getTime() ?? 0
      if (now.getTime() - last > LAST_USED_GRANULARITY_MS) {
        await store.transaction((tx) => tx.credentials.update({ ...viaKey.credential, lastUsed: now, lastUsedFrom: clientIp }))
      }
      return viaKey.identity
    }
    return passwordUser(username, password)
  }

  async function passwordUser(username: string, password: string): Promise<Identity> {
    const user = await store.read((tx) => tx.users.findByEmail(username))
    if (!user?.passwordHash || !(await verifyPassword(password, user.passwordHash))) throw errors.invalidCredentials()
    return store.read((tx) => identityOf(tx, user))
  }

  return {
    async authenticate({ authorization, clientIp }: { authorization: string | undefined; clientIp: string }) {
      if (!authorization) throw errors.noCredentials()
      const space = authorization.indexOf(' ')
      const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase()
      const value = space < 0 ? '' : authorization.slice(space + 1).trim()
      if (scheme === 'basic') return { identity: await basic(value, clientIp) }
      if (scheme !== 'bearer') throw errors.badAuthType()
      const claims = await tokens.verify(value, clock())
      if (await store.isSessionRevoked(claims.sessionId)) throw errors.invalidToken('Token revoked')
      return {
        identity: claims.identity,
        session: { id: claims.sessionId, expiresAt: claims.expiresAt ?? new Date(clock().getTime() + 365 * 86400_000) },
      }
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
