// What lets ingest keep rows it wrote in memory between transactions (series ids, the last chunk of each series)
// instead of reading them back on every batch. Such a cache holds while this connection is the only writer and
// nothing it wrote was rolled back; the epoch moves whenever that may no longer be so, and a cache filled in an
// older epoch is dropped whole:
// - another connection (a sibling API process) committed: PRAGMA data_version, read once the write lock is held,
//   so no one else can commit until this transaction ends;
// - a transaction or savepoint of this connection rolled back;
// - rows were deleted that a cache may hold (ids of deleted rows can be handed out again).
import type { Database } from 'better-sqlite3'

export interface WriteEpoch {
  /** Compare with the value a cache was filled at; a different one means drop it. */
  readonly current: number
  /** The transaction queue calls this right after BEGIN IMMEDIATE. */
  lockTaken(): void
  /** After a rollback, or a delete of rows a cache may hold. */
  invalidate(): void
}

export function createWriteEpoch(db: Database): WriteEpoch {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck()
  let current = 0
  let seenVersion: number | undefined
  return {
    get current() { return current },
    lockTaken() {
      const version = dataVersion.get() as number
      if (version !== seenVersion) {
        seenVersion = version
        current++
      }
    },
    invalidate() { current++ },
  }
}

/** A map that empties itself when the epoch moves, and when it reaches `capacity` entries. */
export class EpochCache<K, V> {
  private readonly entries = new Map<K, V>()
  private epoch = -1

  constructor(private readonly writeEpoch: WriteEpoch, private readonly capacity: number) {}

  get(key: K): V | undefined {
    this.sync()
    return this.entries.get(key)
  }

  set(key: K, value: V): void {
    this.sync()
    if (this.entries.size >= this.capacity && !this.entries.has(key)) this.entries.clear()
    this.entries.set(key, value)
  }

  delete(key: K): void {
    this.entries.delete(key)
  }

  private sync(): void {
    if (this.epoch === this.writeEpoch.current) return
    this.entries.clear()
    this.epoch = this.writeEpoch.current
  }
}
