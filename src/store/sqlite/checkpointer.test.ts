import assert from 'node:assert/strict'
import { statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'node:test'
import { AUTO_CHECKPOINT_PAGES, startCheckpointer } from './checkpointer.js'
import { openDatabase } from './database.js'

async function tempDb(t: { after: (fn: () => Promise<void>) => void }) {
  const dir = await mkdtemp(join(tmpdir(), 'clarion-ckpt-'))
  const file = join(dir, 'x.db')
  const db = openDatabase(file)
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB)')
  t.after(async () => {
    if (db.open) db.close()
    await rm(dir, { recursive: true, force: true })
  })
  return { db, file }
}


test('with the checkpointer the main connection never checkpoints, and the WAL starts over once long', async (t) => {
  const { db, file } = await tempDb(t)
  // A WAL that starts over is cut back to this size, which makes the restart visible in the file.
  db.pragma('journal_size_limit = 0')
  const checkpointer = startCheckpointer(db, file, { intervalMs: 10, restartFrames: 50 })
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0)
  const insert = db.prepare('INSERT INTO blobs (b) VALUES (?)')
  db.transaction(() => { for (let i = 0; i < 200; i++) insert.run(Buffer.alloc(8000)) })()
  const walBytes = () => statSync(`${file}-wal`).size
  assert.ok(walBytes() > 1_000_000)
  // The thread copies the WAL and restarts it; the next transaction then writes from its start.
  for (let i = 0; i < 100 && walBytes() > 100_000; i++) {
    await sleep(20)
    insert.run(Buffer.alloc(10))
  }
  assert.ok(walBytes() <= 100_000, `WAL still ${walBytes()} bytes`)
  assert.equal(db.prepare('SELECT count(*) FROM blobs WHERE length(b) = 8000').pluck().get(), 200)
  await checkpointer.stop()
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), AUTO_CHECKPOINT_PAGES)
})

test('when the checkpointer thread fails the main connection checkpoints by itself again', async (t) => {
  const { db } = await tempDb(t)
  startCheckpointer(db, '/nonexistent/clarion.db', { intervalMs: 10, restartFrames: 50 })
  for (let i = 0; i < 100 && db.pragma('wal_autocheckpoint', { simple: true }) === 0; i++) await sleep(20)
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), AUTO_CHECKPOINT_PAGES)
})
