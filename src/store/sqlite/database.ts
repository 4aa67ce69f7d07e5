import BetterSqlite3, { type Database } from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { AUTO_CHECKPOINT_PAGES } from './checkpointer.js'
import { migrate } from './migrations.js'
import { registerPatternFunction } from './pattern-function.js'

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value)
    return Number.isFinite(n) ? n : null
  }
  return null
}

export function openDatabase(file: string): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new BetterSqlite3(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  // Checkpoint the WAL every ~40 MB instead of every 4 MB when the connection checkpoints by itself; a store on a
  // file hands checkpoints to a thread (checkpointer.ts).
  db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`)
  // A WAL that starts over is cut back to 64 MB, so a burst of writes does not keep its disk space for good.
  db.pragma('journal_size_limit = 67108864')
  // With several API processes on one file (CLARION_API_WORKERS) a writer waits here for a sibling's write lock.
  // SQLite's busy wait is sleep-and-retry, not a queue: a sibling that runs its own backlog of transactions back to
  // back keeps the lock until that backlog drains, which under heavy ingest can take seconds. 30 s keeps such a wait
  // from surfacing as a 500; only a sibling wedged while holding the lock would exceed it.
  db.pragma('busy_timeout = 30000')
  db.pragma('foreign_keys = ON')
  registerPatternFunction(db)
  db.function('clarion_number', { deterministic: true }, (value: unknown) => toNumber(value))
  migrate(db)
  return db
}
