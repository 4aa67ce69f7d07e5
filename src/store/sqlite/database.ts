import BetterSqlite3, { type Database } from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { AUTO_CHECKPOINT_PAGES } from './checkpointer.js'
import { migrate } from './migrations.js'

const regexCache = new Map<string, RegExp | null>()

/** Python-style patterns as the SDK sends them; a leading `(?i)` becomes the JS flag. Invalid ones never match. */
function compileRegex(pattern: string, flags: string): RegExp | null {
  const key = `${flags}/${pattern}`
  let re = regexCache.get(key)
  if (re !== undefined) return re
  let source = pattern
  let f = flags
  if (source.startsWith('(?i)')) {
    source = source.slice(4)
    f = 'i'
  }
  try {
    re = new RegExp(source, f)
  } catch {
    re = null
  }
  if (regexCache.size > 1000) regexCache.clear()
  regexCache.set(key, re)
  return re
}

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
  db.function('clarion_regex', { deterministic: true }, (pattern: unknown, flags: unknown, value: unknown) => {
    if (typeof value !== 'string' || typeof pattern !== 'string') return 0
    const re = compileRegex(pattern, typeof flags === 'string' ? flags : '')
    return re !== null && re.test(value) ? 1 : 0
  })
  db.function('clarion_number', { deterministic: true }, (value: unknown) => toNumber(value))
  migrate(db)
  return db
}
