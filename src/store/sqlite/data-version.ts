// PRAGMA data_version: moves when another connection (a sibling API process) has committed since this connection
// last asked. The memory caches of the Bearer check (revoked sessions, users) each compare it with what they saw;
// asked together, they share one read (a PRAGMA costs as much as a small SELECT, and every API call makes them).
import type { Database } from 'better-sqlite3'

/** The current data_version; calls in one synchronous stretch (until the next microtask) share a read. */
export type DataVersionProbe = () => number

export function createDataVersionProbe(db: Database): DataVersionProbe {
  const pragma = db.prepare<[], number>('PRAGMA data_version').pluck()
  let shared: number | undefined
  return () => {
    if (shared === undefined) {
      shared = pragma.get() as number
      // No I/O, and so no request, can run before this: a commit the caller could have heard of is seen.
      queueMicrotask(() => { shared = undefined })
    }
    return shared
  }
}
