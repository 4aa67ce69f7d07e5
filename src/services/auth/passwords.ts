// Password hashing for people's passwords (API secrets are random and get SHA-256 in secrets.ts). bcrypt runs in the
// native binding on libuv's thread pool, so a burst of sign-ins never blocks the event loop, and every password check
// costs one bcrypt whether or not the user exists: an unknown name is checked against a dummy hash of the same cost.
import { createRequire } from 'node:module'

/** The slice of the native `bcrypt` package Clarion uses (it ships no types). Both calls run off the main thread. */
interface Bcrypt {
  hash(data: string, rounds: number): Promise<string>
  compare(data: string, encrypted: string): Promise<boolean>
}
const bcrypt = createRequire(import.meta.url)('bcrypt') as Bcrypt

/** The cost of every hash Clarion writes, and of the dummy below: a check must take as long for a known user as for an unknown one. */
export const BCRYPT_COST = 10

/** bcrypt, cost 10, of a random string nobody kept: what unknown users and plain-text fixed users are checked against. */
export const DUMMY_HASH = '$2b$10$KQCy3pxjKz1pqQd9WEXOk.E3M5QXU3H3eXN0.HIPUBCmIy.ehtQsS'

/**
 * At most this many checks hash at once. libuv's pool has four threads by default and file-system calls (uploads,
 * downloads) share them: a flood of bad sign-ins from many addresses then waits here rather than starving the files.
 */
const MAX_CONCURRENT = 2

export interface PasswordHasher {
  hash(password: string): Promise<string>
  /**
   * Whether `password` matches `hash` (bcrypt, raw or base64-encoded as ClearML's `pass_hashed` fixed users store it).
   * With no hash, or a malformed one, it checks against a dummy of the same cost and answers false, so every
   * sign-in costs the same time.
   */
  verify(password: string, hash: string | null | undefined): Promise<boolean>
}

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, BCRYPT_COST)

const BCRYPT_SHAPE = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/

/** The raw bcrypt hash, or undefined when `stored` is neither a bcrypt hash nor base64 of one. */
export function bcryptHashOf(stored: string): string | undefined {
  const raw = stored.startsWith('$2') ? stored : Buffer.from(stored, 'base64').toString('utf8')
  if (!BCRYPT_SHAPE.test(raw)) return undefined
  // $2y$ (PHP's name for the fixed algorithm) is the same as $2b$, which is all the native binding accepts.
  return raw.startsWith('$2y$') ? `$2b$${raw.slice(4)}` : raw
}

/** One function that runs `task` when fewer than `limit` others are running, first come first served. */
function createGate(limit: number) {
  let running = 0
  const waiting: (() => void)[] = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    else running++
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}

export function createPasswordHasher(): PasswordHasher {
  const gate = createGate(MAX_CONCURRENT)
  return {
    hash: (password) => gate(() => hashPassword(password)),
    async verify(password, hash) {
      const raw = hash ? bcryptHashOf(hash) : undefined
      const matches = await gate(() => bcrypt.compare(password, raw ?? DUMMY_HASH))
      return raw !== undefined && matches
    },
  }
}
