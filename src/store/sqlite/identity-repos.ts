import type { Database } from 'better-sqlite3'
import type { Company, Credential, Role, User } from '../../domain/entities/user.js'
import type { CompanyRepo, CredentialRepo, RevokedTokenRepo, SettingRepo, UserRepo } from '../store.js'
import type { DataVersionProbe } from './data-version.js'
import type { IdentityCache } from './identity-cache.js'

interface UserRow {
  id: string; company: string; name: string; given_name: string; family_name: string; email: string; role: string
  avatar: string | null; created: string; preferences: string; password_hash: string | null; autocreated: number
  service_account: number
}

const toUser = (r: UserRow): User => ({
  id: r.id, company: r.company, name: r.name, givenName: r.given_name, familyName: r.family_name, email: r.email,
  role: r.role as Role, avatar: r.avatar, created: new Date(r.created), preferences: JSON.parse(r.preferences) as Record<string, unknown>,
  passwordHash: r.password_hash, autocreated: r.autocreated === 1, serviceAccount: r.service_account === 1,
})

/** `identities` learns of each write that changes what a token's check reads: a new or deleted user, a new role, company or name. */
export function createUserRepo(db: Database, identities: IdentityCache): UserRepo {
  const get = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?')
  const byCompany = db.prepare<[string], UserRow>('SELECT * FROM users WHERE company = ? ORDER BY name, id')
  const byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ? LIMIT 1')
  const upsert = db.prepare(`INSERT INTO users (id, company, name, given_name, family_name, email, role, avatar, created, preferences, password_hash, autocreated, service_account)
    VALUES (@id, @company, @name, @given_name, @family_name, @email, @role, @avatar, @created, @preferences, @password_hash, @autocreated, @service_account)
    ON CONFLICT (id) DO UPDATE SET company = excluded.company, name = excluded.name, given_name = excluded.given_name,
      family_name = excluded.family_name, email = excluded.email, role = excluded.role, avatar = excluded.avatar,
      preferences = excluded.preferences, password_hash = excluded.password_hash, autocreated = excluded.autocreated,
      service_account = excluded.service_account`)
  const remove = db.prepare('DELETE FROM users WHERE id = ?')
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users WHERE service_account = 0')
  return {
    async get(id) { const r = get.get(id); return r ? toUser(r) : undefined },
    async find(company, ids) {
      const people = byCompany.all(company).map(toUser).filter((u) => !u.serviceAccount)
      return ids ? people.filter((u) => ids.includes(u.id)) : people
    },
    async findAccounts(company) { return byCompany.all(company).map(toUser) },
    async findByEmail(email) { const r = byEmail.get(email); return r ? toUser(r) : undefined },
    async upsert(u) {
      const before = get.get(u.id)
      if (!before || before.role !== u.role || before.company !== u.company || before.name !== u.name) identities.changed()
      upsert.run({
        id: u.id, company: u.company, name: u.name, given_name: u.givenName, family_name: u.familyName, email: u.email,
        role: u.role, avatar: u.avatar, created: u.created.toISOString(), preferences: JSON.stringify(u.preferences),
        password_hash: u.passwordHash, autocreated: u.autocreated ? 1 : 0, service_account: u.serviceAccount ? 1 : 0,
      })
    },
    async delete(id) {
      const deleted = remove.run(id).changes > 0
      if (deleted) identities.changed()
      return deleted
    },
    async count() { return count.get()?.n ?? 0 },
  }
}

interface CredentialRow {
  access_key: string; secret_hash: string; user_id: string; company: string; label: string | null; created: string
  last_used: string | null; last_used_from: string | null
}

const toCredential = (r: CredentialRow): Credential => ({
  accessKey: r.access_key, secretHash: r.secret_hash, userId: r.user_id, company: r.company, label: r.label,
  created: new Date(r.created), lastUsed: r.last_used ? new Date(r.last_used) : null, lastUsedFrom: r.last_used_from,
})

const credentialRow = (c: Credential): CredentialRow => ({
  access_key: c.accessKey, secret_hash: c.secretHash, user_id: c.userId, company: c.company, label: c.label,
  created: c.created.toISOString(), last_used: c.lastUsed?.toISOString() ?? null, last_used_from: c.lastUsedFrom,
})

export function createCredentialRepo(db: Database): CredentialRepo {
  const get = db.prepare<[string], CredentialRow>('SELECT * FROM credentials WHERE access_key = ?')
  const forUser = db.prepare<[string], CredentialRow>('SELECT * FROM credentials WHERE user_id = ? ORDER BY created')
  const insert = db.prepare(`INSERT INTO credentials VALUES (@access_key, @secret_hash, @user_id, @company, @label, @created, @last_used, @last_used_from)`)
  const update = db.prepare(`UPDATE credentials SET label = @label, last_used = @last_used, last_used_from = @last_used_from WHERE access_key = @access_key`)
  const remove = db.prepare('DELETE FROM credentials WHERE access_key = ?')
  const removeForUser = db.prepare('DELETE FROM credentials WHERE user_id = ?')
  return {
    async get(key) { const r = get.get(key); return r ? toCredential(r) : undefined },
    async forUser(userId) { return forUser.all(userId).map(toCredential) },
    async insert(c) { insert.run(credentialRow(c)) },
    async update(c) { const row = credentialRow(c); update.run({ label: row.label, last_used: row.last_used, last_used_from: row.last_used_from, access_key: row.access_key }) },
    async delete(key) { return remove.run(key).changes > 0 },
    async deleteForUser(userId) { return removeForUser.run(userId).changes },
  }
}

export function createCompanyRepo(db: Database, identities: IdentityCache): CompanyRepo {
  const get = db.prepare<[string], Company>('SELECT id, name FROM companies WHERE id = ?')
  const all = db.prepare<[], Company>('SELECT id, name FROM companies ORDER BY name')
  const upsert = db.prepare('INSERT INTO companies (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name')
  return {
    async get(id) { return get.get(id) },
    async all() { return all.all() },
    async upsert(c) {
      upsert.run(c.id, c.name)
      identities.changed()
    },
  }
}

export function createSettingRepo(db: Database): SettingRepo {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  return {
    async get(key) { return get.get(key)?.value },
    async set(key, value) { set.run(key, value) },
  }
}

/**
 * The revocation check of every authenticated call, answered from memory: the set of revoked sessions is read again
 * only when another connection has committed since (PRAGMA data_version moves) or this one revoked or purged. It
 * runs outside the transaction queue, so a request does not wait behind queued writes, nor split their group commit.
 */
export interface RevokedSessions { isRevoked(sessionId: string): boolean }

export function createRevokedTokenRepo(db: Database, dataVersion: DataVersionProbe): RevokedTokenRepo & { sessions: RevokedSessions } {
  const revoke = db.prepare('INSERT OR REPLACE INTO revoked_tokens (session_id, expires_at) VALUES (?, ?)')
  const isRevoked = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM revoked_tokens WHERE session_id = ?')
  const purge = db.prepare('DELETE FROM revoked_tokens WHERE expires_at < ?')
  const allRevoked = db.prepare<[], string>('SELECT session_id FROM revoked_tokens').pluck()
  let known: { ids: Set<string>; version: number } | undefined
  const sessions: RevokedSessions = {
    isRevoked(id) {
      // An open transaction may hold a revocation that is yet to be rolled back: ask the table, remember nothing.
      if (db.inTransaction) return (isRevoked.get(id)?.n ?? 0) > 0
      const version = dataVersion()
      if (known?.version !== version) known = { ids: new Set(allRevoked.all()), version }
      return known.ids.has(id)
    },
  }
  return {
    sessions,
    async revoke(id, exp) {
      revoke.run(id, exp.toISOString())
      known = undefined
    },
    async isRevoked(id) { return (isRevoked.get(id)?.n ?? 0) > 0 },
    async purgeExpired(now) {
      known = undefined
      return purge.run(now.toISOString()).changes
    },
  }
}
