// The database holds every user's data and credential hashes: only Clarion's own user may read it. SQLite gives
// its -wal and -shm files the database file's mode, so creating the database 0600 covers all three.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'

const COMPANION_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const

/** Creates the database file (and its folder) readable by the owner only, and tightens files left by older versions. */
export function ensurePrivateDatabaseFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  closeSync(openSync(file, 'a', 0o600))
  for (const suffix of COMPANION_SUFFIXES) {
    if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600)
  }
}
