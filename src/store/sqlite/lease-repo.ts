// Leases for background jobs. Several API processes may share one database file; the conditional upsert below
// is a single statement, so two processes racing for a free lease cannot both win.
import type { Database } from 'better-sqlite3'
import type { LeaseRepo } from '../store.js'

export function createLeaseRepo(db: Database): LeaseRepo {
  const take = db.prepare(
    `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`)
  const release = db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?')
  return {
    async acquire(name, holder, now, ttlMs) {
      return take.run(name, holder, now.getTime() + ttlMs, now.getTime()).changes === 1
    },
    async release(name, holder) {
      release.run(name, holder)
    },
  }
}
