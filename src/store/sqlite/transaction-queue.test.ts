import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { createTransactionQueue, MAX_GROUP } from './transaction-queue.js'

/** A connection whose exec calls are recorded: the transaction statements the queue issues. */
function recorded(db: Database): { db: Database; log: string[] } {
  const log: string[] = []
  const spy = new Proxy(db, {
    get(target, key) {
      if (key === 'exec') return (sql: string) => (log.push(sql), target.exec(sql))
      const value = Reflect.get(target, key, target) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
  return { db: spy, log }
}

function open(file = ':memory:'): Database {
  const db = new BetterSqlite3(file)
  db.exec('CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY)')
  return db
}

const rows = (db: Database): string[] => (db.prepare('SELECT k FROM t ORDER BY k').all() as { k: string }[]).map((r) => r.k)
const put = (db: Database, k: string) => db.prepare('INSERT INTO t (k) VALUES (?)').run(k)
const tick = () => new Promise((r) => setImmediate(r))

test('writes queued together share one commit, and each is answered only after it', async () => {
  const raw = open()
  const { db, log } = recorded(raw)
  const q = createTransactionQueue(db, db)
  const answered: string[] = []
  const writes = ['a', 'b', 'c'].map((k) => q.write(async (d) => {
    put(d, k)
    await tick()
    // Nothing of the group is answered while it is still open.
    assert.deepEqual(answered, [])
    return k
  }).then((v) => answered.push(v)))
  await Promise.all(writes)
  assert.deepEqual(answered, ['a', 'b', 'c'])
  assert.deepEqual(rows(raw), ['a', 'b', 'c'])
  assert.equal(log.filter((s) => s === 'BEGIN IMMEDIATE').length, 1)
  assert.equal(log.filter((s) => s === 'COMMIT').length, 1)
})

test('a write that fails rolls back alone: the others of its group land, and only its caller sees the error', async () => {
  const raw = open()
  const q = createTransactionQueue(raw, raw)
  const results = await Promise.allSettled([
    q.write(async (d) => put(d, 'a')),
    q.write(async (d) => {
      put(d, 'half')
      throw new Error('refused')
    }),
    q.write(async (d) => put(d, 'c')),
    // A constraint error from SQLite rolls back the statement, not the transaction: the savepoint takes the rest.
    q.write(async (d) => {
      put(d, 'd')
      put(d, 'a')
    }),
  ])
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected'])
  assert.match(String((results[1] as PromiseRejectedResult).reason), /refused/)
  assert.match(String((results[3] as PromiseRejectedResult).reason), /UNIQUE/)
  assert.deepEqual(rows(raw), ['a', 'c'])
  assert.equal(raw.inTransaction, false)
})

test('when the transaction itself is lost, every write of the group fails and none is kept; later ones go on', async () => {
  const raw = open()
  const q = createTransactionQueue(raw, raw)
  const results = await Promise.allSettled([
    q.write(async (d) => put(d, 'a')),
    q.write(async (d) => {
      put(d, 'b')
      // What SQLite does on an I/O error or a full disk: it ends the transaction on its own.
      d.exec('ROLLBACK')
      throw new Error('disk I/O error')
    }),
    q.write(async (d) => put(d, 'c')),
  ])
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'fulfilled'])
  assert.match(String((results[0] as PromiseRejectedResult).reason), /disk I\/O error/)
  assert.deepEqual(rows(raw), ['c'])
})

test('a failed COMMIT fails the whole group and leaves nothing behind', async () => {
  const raw = open()
  raw.pragma('foreign_keys = ON')
  raw.exec('CREATE TABLE child (parent TEXT REFERENCES t (k) DEFERRABLE INITIALLY DEFERRED)')
  const q = createTransactionQueue(raw, raw)
  const results = await Promise.allSettled([
    q.write(async (d) => put(d, 'a')),
    // Checked only at COMMIT.
    q.write(async (d) => d.prepare("INSERT INTO child (parent) VALUES ('missing')").run()),
  ])
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected'])
  assert.match(String((results[0] as PromiseRejectedResult).reason), /FOREIGN KEY/)
  assert.deepEqual(rows(raw), [])
  assert.equal(raw.inTransaction, false)
  assert.equal(await q.write(async (d) => put(d, 'after').changes), 1)
})

test('first come, first served: a read queued between writes sees the first and splits the group', async () => {
  const raw = open()
  const { db, log } = recorded(raw)
  const q = createTransactionQueue(db, db)
  const first = q.write(async (d) => put(d, 'a'))
  const read = q.read(async (d) => rows(d))
  const second = q.write(async (d) => put(d, 'b'))
  await Promise.all([first, second])
  assert.deepEqual(await read, ['a'])
  assert.deepEqual(log.filter((s) => !s.includes('clarion_write')), ['BEGIN IMMEDIATE', 'COMMIT', 'BEGIN DEFERRED', 'COMMIT', 'BEGIN IMMEDIATE', 'COMMIT'])
})

test(`a group holds at most ${MAX_GROUP} writes`, async () => {
  const raw = open()
  const { db, log } = recorded(raw)
  const q = createTransactionQueue(db, db)
  const n = MAX_GROUP + 5
  await Promise.all(Array.from({ length: n }, (_, i) => q.write(async (d) => put(d, `k${i}`))))
  assert.equal(rows(raw).length, n)
  assert.equal(log.filter((s) => s === 'COMMIT').length, 2)
})

test('nothing starts inside the call: the caller runs on before the transaction opens', async () => {
  const raw = open()
  const q = createTransactionQueue(raw, raw)
  let started = false
  const done = q.write(async () => {
    started = true
  })
  assert.equal(started, false)
  await done
  assert.equal(started, true)
  await q.drained()
})

test('a write that cannot get the lock fails alone; the queue goes on when the lock is free', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'clarion-txq-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'x.db')
  const mine = open(file)
  mine.pragma('busy_timeout = 0')
  const sibling = open(file)
  sibling.exec('BEGIN IMMEDIATE')
  const q = createTransactionQueue(mine, mine)
  await assert.rejects(q.write(async (d) => put(d, 'a')), /locked|busy/i)
  sibling.exec('COMMIT')
  await q.write(async (d) => put(d, 'b'))
  assert.deepEqual(rows(mine), ['b'])
  mine.close()
  sibling.close()
})
