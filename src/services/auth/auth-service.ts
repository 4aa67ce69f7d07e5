// Sessions, credentials and user administration (the auth.* and login.* services).
import type { Identity, Role, User } from '../../domain/entities/user.js'
import { isAdminRole, splitName } from '../../domain/entities/user.js'
import { toApiDate } from '../../domain/dates.js'
import { errors } from '../../errors.js'
import type { ServiceDeps } from '../deps.js'
import { identityOf } from './authenticator.js'
import { hashPassword } from './passwords.js'
import { hashSecret, newAccessKey, newSecretKey } from './secrets.js'
import type { TokenIssuer } from './tokens.js'

export interface AuthServiceDeps extends ServiceDeps {
  readonly tokens: TokenIssuer
}

export interface NewUser {
  name: string
  email: string
  company?: string
  role: Role
  givenName?: string
  familyName?: string
  avatar?: string | null
  password?: string
}

export function createAuthService({ store, clock, ids, config, tokens }: AuthServiceDeps) {
  const expiration = (caller: Identity, requested: number | undefined): number | undefined => {
    if (requested !== undefined && requested > config.auth.maxExpirationSec) {
      throw errors.validation(`expiration_sec may not exceed ${config.auth.maxExpirationSec}`)
    }
    // System identities get tokens without expiry unless they ask for one, as in ClearML.
    if (caller.role === 'system') return requested
    return requested ?? config.auth.defaultExpirationSec
  }

  return {
    async login(caller: Identity, expirationSec?: number) {
      const { token } = await tokens.issue(caller, clock(), expiration(caller, expirationSec))
      return token
    },

    async tokenForUser(caller: Identity, userId: string, expirationSec?: number) {
      const identity = await store.read(async (tx) => {
        const user = await tx.users.get(userId)
        if (!user) throw errors.invalidUserId(userId)
        if (user.company !== caller.company && caller.role !== 'system' && caller.role !== 'root') {
          throw errors.invalidUserId('user belongs to another company')
        }
        return identityOf(tx, user)
      })
      return (await tokens.issue(identity, clock(), expiration(identity, expirationSec))).token
    },

    async logout(session: { id: string; expiresAt: Date } | undefined) {
      if (session) await store.transaction((tx) => tx.revokedTokens.revoke(session.id, session.expiresAt))
    },

    async validateToken(token: string) {
      try {
        const claims = await tokens.verify(token, clock())
        if (await store.isSessionRevoked(claims.sessionId)) throw errors.invalidToken('Token revoked')
        const identity = await store.currentIdentity(claims.identity.user)
        if (!identity) throw errors.invalidToken('user no longer exists')
        return { valid: true, user: identity.user, company: identity.company }
      } catch (err) {
        return { valid: false, msg: (err as Error).message, user: null, company: null }
      }
    },

    /** The one moment the secret is known: it is returned here and only its hash is kept. */
    async createCredentials(caller: Identity, label: string | null | undefined) {
      const accessKey = newAccessKey()
      const secretKey = newSecretKey()
      await store.transaction((tx) => tx.credentials.insert({
        accessKey, secretHash: hashSecret(secretKey), userId: caller.user, company: caller.company,
        label: label ?? null, created: clock(), lastUsed: null, lastUsedFrom: null,
      }))
      return { access_key: accessKey, secret_key: secretKey, label: label ?? null }
    },

    async getCredentials(caller: Identity) {
      const list = await store.read((tx) => tx.credentials.forUser(caller.user))
      return list.map((c) => ({
        access_key: c.accessKey, label: c.label, last_used: c.lastUsed ? toApiDate(c.lastUsed) : null, last_used_from: c.lastUsedFrom,
      }))
    },

    async editCredentials(caller: Identity, accessKey: string, label: string | null | undefined) {
      return store.transaction(async (tx) => {
        const c = await tx.credentials.get(accessKey)
        if (!c || c.userId !== caller.user) throw errors.invalidAccessKey(accessKey)
        await tx.credentials.update({ ...c, label: label ?? null })
        return 1
      })
    },

    async revokeCredentials(caller: Identity, accessKey: string) {
      return store.transaction(async (tx) => {
        const c = await tx.credentials.get(accessKey)
        if (!c || (c.userId !== caller.user && !(isAdminRole(caller.role) && c.company === caller.company))) {
          throw errors.invalidAccessKey(accessKey)
        }
        return (await tx.credentials.delete(accessKey)) ? 1 : 0
      })
    },

    async createUser(caller: Identity, input: NewUser): Promise<string> {
      const company = input.company ?? caller.company
      if (company !== caller.company && caller.role !== 'root' && caller.role !== 'system') {
        throw errors.roleNotAllowed('admins create users in their own company')
      }
      const passwordHash = input.password ? await hashPassword(input.password) : null
      return store.transaction(async (tx) => {
        if (!(await tx.companies.get(company))) throw errors.invalidId(`unknown company ${company}`)
        if (await tx.users.findByEmail(input.email)) throw errors.userIdExists(`email ${input.email} is taken`)
        const names = splitName(input.name)
        const user: User = {
          id: ids(), company, name: input.name, givenName: input.givenName ?? names.givenName,
          familyName: input.familyName ?? names.familyName, email: input.email, role: input.role,
          avatar: input.avatar ?? null, created: clock(), preferences: {}, passwordHash, autocreated: false, serviceAccount: false,
        }
        await tx.users.upsert(user)
        return user.id
      })
    },

    async editUser(caller: Identity, userId: string, role: Role | undefined) {
      return store.transaction(async (tx) => {
        const user = await tx.users.get(userId)
        if (!user || user.company !== caller.company) throw errors.invalidUserId(userId)
        if (role === undefined || role === user.role) return { updated: 0, fields: {} }
        await tx.users.upsert({ ...user, role })
        return { updated: 1, fields: { role } }
      })
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
