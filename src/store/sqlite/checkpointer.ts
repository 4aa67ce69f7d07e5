// Moves WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside the COMMIT that crosses the
// threshold: that commit copies thousands of pages into the database and syncs it, stalling every request behind
// it, and under sustained ingest the checkpoints take ~10% of the main thread. With this, the main connection never
// checkpoints; a thread with its own connection does, often, so the WAL stays short (a long WAL makes every page
// lookup slower). If the thread dies, the main connection takes checkpoints back.
import type { Database } from 'better-sqlite3'
import { startThread } from '../../threads.js'

const INTERVAL_MS = 200
/** WAL pages (~16 MB) from which the thread makes the WAL start over. */
const RESTART_FRAMES = 4096
/** Pages of WAL after which the main connection checkpoints by itself (without the thread). */
export const AUTO_CHECKPOINT_PAGES = 10000

export interface Checkpointer { stop(): Promise<void> }

export interface CheckpointerOptions { intervalMs: number; restartFrames: number }

export function startCheckpointer(db: Database, file: string, o: CheckpointerOptions = { intervalMs: INTERVAL_MS, restartFrames: RESTART_FRAMES }): Checkpointer {
  const thread = startThread('./checkpoint-worker', import.meta.url, { workerData: { file, ...o } })
  let stopping = false
  db.pragma('wal_autocheckpoint = 0')
  const fallBack = () => {
    if (!stopping && db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`)
  }
  thread.on('error', fallBack)
  thread.on('exit', fallBack)
  thread.unref()
  return {
    async stop() {
      stopping = true
      await thread.terminate()
      // Closing the last connection checkpoints what is left; a sibling process may still be writing, though.
      if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`)
    },
  }
}
