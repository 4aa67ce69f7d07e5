// The WAL checkpointer thread (checkpointer.ts): its own connection to the store's file copies committed WAL
// frames into the database every few hundred milliseconds. PASSIVE never blocks a writer or a reader, but under
// constant writes it never catches up with the end of the WAL, and only a WAL copied to its end is started over:
// so once the WAL is long, a RESTART checkpoint follows, which waits for the writer's current transaction, copies
// the few frames PASSIVE left and makes the next transaction write from the start of the file.
import BetterSqlite3 from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'

const { file, intervalMs, restartFrames } = workerData as { file: string; intervalMs: number; restartFrames: number }
const db = new BetterSqlite3(file, { fileMustExist: true })
db.pragma('busy_timeout = 1000')
setInterval(() => {
  try {
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[]
    if (log >= restartFrames) db.pragma('wal_checkpoint(RESTART)')
  } catch (err) {
    // A busy or locked database is the next round's to try; anything else ends the thread and the main
    // connection checkpoints by itself again.
    const code = (err as { code?: string }).code
    if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') throw err
  }
}, intervalMs)
parentPort?.postMessage('ready')
