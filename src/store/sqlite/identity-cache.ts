// Who a token's user is now, for the check of every Bearer call, answered from memory. A per-process map of user id →
// identity (or "gone") is dropped whenever a user or company may have changed:
// - here: the user and company repos call changed() on each write that matters;
// - in a sibling API process: such a write also moves the `auth.users_version` row, and that row is read again only
//   when PRAGMA data_version says another connection committed something. With nothing committed elsewhere, a call
//   costs a map lookup (the PRAGMA read is shared with the revoked-session check); with a busy sibling, one more
//   single-row read.
import type { Database } from 'better-sqlite3'
import type { Identity, Role } from '../../domain/entities/user.js'
import type { DataVersionProbe } from './data-version.js'

/** Entries kept at most; a full map is emptied (a new token's user is read again, no more). */
const CAPACITY = 10_000

export interface IdentityCache {
  /** The user's current identity, or undefined once the user is deleted. */
  current(userId: string): Identity | undefined
  /** A user or company changed in this connection: drop what is known, and tell sibling processes. */
  changed(): void
}

interface IdentityRow { id: string; company: string; role: string; name: string; company_name: string | null }

export function createIdentityCache(db: Database, dataVersion: DataVersionProbe): IdentityCache {
  const lookup = db.prepare<[string], IdentityRow>(`SELECT u.id, u.company, u.role, u.name, c.name AS company_name
    FROM users u LEFT JOIN companies c ON c.id = u.company WHERE u.id = ?`)
  const usersVersion = db.prepare<[], string>(`SELECT value FROM settings WHERE key = 'auth.users_version'`).pluck()
  const bump = db.prepare(`INSERT INTO settings (key, value) VALUES ('auth.users_version', '1')
    ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`)
  const known = new Map<string, Identity | null>()
  let seenDataVersion: number | undefined
  let seenUsersVersion: string | undefined

  const read = (userId: string): Identity | undefined => {
    const r = lookup.get(userId)
    return r && { user: r.id, company: r.company, role: r.role as Role, userName: r.name, companyName: r.company_name ?? '' }
  }

  return {
    current(userId) {
      // An open transaction may hold a change yet to be rolled back, or (a read) an older snapshot: ask, remember nothing.
      if (db.inTransaction) return read(userId)
      const version = dataVersion()
      if (version !== seenDataVersion) {
        seenDataVersion = version
        const users = usersVersion.get() ?? ''
        if (users !== seenUsersVersion) {
          seenUsersVersion = users
          known.clear()
        }
      }
      const hit = known.get(userId)
      if (hit !== undefined) return hit ?? undefined
      const identity = read(userId)
      if (known.size >= CAPACITY) known.clear()
      known.set(userId, identity ?? null)
      return identity
    },
    changed() {
      bump.run()
      known.clear()
    },
  }
}
