import BetterSqlite3 from 'better-sqlite3'
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CHUNK_CAPACITY, decodeChunk } from '../scalar-chunks.js'
import type { ScalarRow } from '../event-store.js'
import { toScalarColumns } from '../scalar-chunks.js'
import type { Repos } from '../store.js'
import { MIGRATIONS, migrate } from './migrations.js'
import { createSqliteStore } from './sqlite-store.js'


async function addRows(tx: Repos, rows: ScalarRow[], now: number): Promise<void> {
  for (const points of toScalarColumns(rows)) await tx.events.scalars.add(points, now)
}
const SINGLE = -(2 ** 31)
const point = (iter: number, value: number | null, o: Partial<ScalarRow> = {}): ScalarRow =>
  ({ task: 't1', metric: 'loss', variant: 'train', modelEvent: false, iter, timestamp: 1000 + iter, value, ...o })

type Store = ReturnType<typeof createSqliteStore>

async function seriesOf(store: Store) {
  const [s] = await store.read((tx) => tx.events.series.list(['t1']))
  return s
}

async function allPoints(store: Store, descending = false) {
  const s = await seriesOf(store)
  return store.read((tx) => tx.events.scalars.page([s.id], { key: 'iter', limit: 1_000_000, descending }))
}

/** Chunks are within capacity, say what they hold, and never overlap. */
function assertChunksSound(store: Store): void {
  const chunks = store.db.prepare('SELECT first_iter, last_iter, n, min_ts, max_ts, points FROM scalar_chunks ORDER BY series, first_iter')
    .all() as { first_iter: number; last_iter: number; n: number; min_ts: number; max_ts: number; points: Buffer }[]
  let previous = -Infinity
  for (const c of chunks) {
    const p = decodeChunk(c.points, c.n)
    assert.ok(c.n > 0 && c.n <= CHUNK_CAPACITY, `chunk of ${c.n}`)
    assert.deepEqual([p.length, p.iter[0], p.iter[p.length - 1]], [c.n, c.first_iter, c.last_iter])
    assert.deepEqual([Math.min(...p.ts), Math.max(...p.ts)], [c.min_ts, c.max_ts])
    assert.ok(c.first_iter > previous, 'chunks overlap')
    for (let i = 1; i < p.length; i++) assert.ok(p.iter[i] > p.iter[i - 1], 'points out of order')
    previous = c.last_iter
  }
}

test('points past a chunk fill it up and continue in new chunks; pages cross chunks both ways', async (t) => {
  const store = createSqliteStore(':memory:')
  t.after(() => store.close())
  await store.transaction((tx) => addRows(tx, Array.from({ length: 100 }, (_, i) => point(i, i)), 1))
  await store.transaction((tx) => addRows(tx, Array.from({ length: 200 }, (_, i) => point(100 + i, 100 + i)), 2))
  assertChunksSound(store)
  assert.deepEqual(store.db.prepare('SELECT n FROM scalar_chunks ORDER BY first_iter').pluck().all(), [128, 128, 44])
  // The last chunk has room to grow in place: its blob is sized for 128 points.
  assert.deepEqual(store.db.prepare('SELECT length(points) FROM scalar_chunks ORDER BY first_iter').pluck().all(), [3072, 3072, 3072])
  const s = await seriesOf(store)
  assert.equal(s.count, 300)
  const up = await store.read((tx) => tx.events.scalars.page([s.id], { key: 'iter', after: 120, limit: 10, descending: false }))
  assert.deepEqual(up.map((p) => p.iter), [121, 122, 123, 124, 125, 126, 127, 128, 129, 130])
  const down = await store.read((tx) => tx.events.scalars.page([s.id], { key: 'iter', after: 130, limit: 5, descending: true }))
  assert.deepEqual(down.map((p) => p.iter), [129, 128, 127, 126, 125])
  const last = await store.read((tx) => tx.events.scalars.page([s.id], { key: 'iter', limit: 2, descending: true }))
  assert.deepEqual(last.map((p) => p.iter), [299, 298])
})

test('re-reported and out-of-order points are merged in place and counted once', async (t) => {
  const store = createSqliteStore(':memory:')
  t.after(() => store.close())
  await store.transaction((tx) => addRows(tx, Array.from({ length: 300 }, (_, i) => point(i * 2, 1)), 1))
  await store.transaction((tx) => addRows(tx, [point(10, 99), point(11, 98), point(-4, 97), point(1000, 96), point(301, 95)], 2))
  assertChunksSound(store)
  assert.equal((await seriesOf(store)).count, 304)
  const byIter = new Map((await allPoints(store)).map((p) => [p.iter, p.value]))
  assert.deepEqual([byIter.get(10), byIter.get(11), byIter.get(-4), byIter.get(1000), byIter.get(301), byIter.get(12)], [99, 98, 97, 96, 95, 1])
})

test('random batches in any order keep exactly the last report of every iteration', async (t) => {
  const store = createSqliteStore(':memory:')
  t.after(() => store.close())
  let seed = 7
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const model = new Map<number, number>()
  for (let batch = 0; batch < 40; batch++) {
    const rows = Array.from({ length: 1 + Math.floor(random() * 200) }, () => {
      const iter = Math.floor(random() * 2000) - 100
      return point(iter, Math.round(random() * 1000), { timestamp: batch * 1000 + iter })
    })
    for (const r of rows) model.set(r.iter, r.value as number)
    await store.transaction((tx) => addRows(tx, rows, batch))
  }
  assertChunksSound(store)
  const stored = await allPoints(store)
  assert.equal((await seriesOf(store)).count, model.size)
  assert.deepEqual(stored.map((p) => [p.iter, p.value]), [...model].sort((a, b) => a[0] - b[0]))
  assert.deepEqual((await allPoints(store, true)).map((p) => p.iter), stored.map((p) => p.iter).reverse())
})

test('histograms bucket by iteration and timestamp over chunks, with min/max, without single values', async (t) => {
  const store = createSqliteStore(':memory:')
  t.after(() => store.close())
  const rows = Array.from({ length: 400 }, (_, i) => point(i, i % 7, { timestamp: 5000 + i * 10 }))
  await store.transaction((tx) => addRows(tx, [...rows, point(SINGLE, 1e6)], 1))
  const s = await seriesOf(store)
  const h = await store.read((tx) => tx.events.scalars.histogram(s, { key: 'iter', interval: 100, withMinMax: true }))
  const expected = [0, 100, 200, 300].map((k) => rows.slice(k, k + 100).map((r) => r.value as number))
  assert.deepEqual(h.x, [0, 100, 200, 300])
  assert.deepEqual(h.y, expected.map((v) => v.reduce((a, b) => a + b, 0) / v.length))
  assert.deepEqual([h.min, h.max], [expected.map((v) => Math.min(...v)), expected.map((v) => Math.max(...v))])
  const byTime = await store.read((tx) => tx.events.scalars.histogram(s, { key: 'timestamp', interval: 1000, withMinMax: false }))
  assert.deepEqual(byTime.x, [5000, 6000, 7000, 8000])
  assert.equal(byTime.min, undefined)
  const each = await store.read((tx) => tx.events.scalars.histogram(s, { key: 'iter', interval: 1, withMinMax: false }))
  assert.equal(each.x.length, 400)
})

test('single values and the latest positive value are found in their chunks', async (t) => {
  const store = createSqliteStore(':memory:')
  t.after(() => store.close())
  await store.transaction((tx) => addRows(tx, [point(SINGLE, 42), ...Array.from({ length: 300 }, (_, i) => point(i, i < 250 ? 1 + i : -1))], 1))
  const s = await seriesOf(store)
  assert.deepEqual((await store.read((tx) => tx.events.scalars.singleValues([s.id]))).map((p) => p.value), [42])
  assert.equal(await store.read((tx) => tx.events.scalars.latestPositive(s.id)), 250)
  assert.equal(await store.transaction((tx) => tx.events.deleteForTasks(['t1'])), 301)
  assert.equal(store.db.prepare('SELECT count(*) FROM scalar_chunks').pluck().get(), 0)
})

test('migration 5 packs the row-per-point scalars of an older database into chunks', () => {
  const old = new BetterSqlite3(':memory:')
  for (const statement of MIGRATIONS.slice(0, 4).flat()) old.exec(statement as string)
  old.pragma('user_version = 4')
  old.prepare(`INSERT INTO event_series (id, task, type, metric, variant, model_event, count) VALUES (1, 't1', 'training_stats_scalar', 'm', 'v', 0, 300)`).run()
  const insert = old.prepare('INSERT INTO event_scalars (series, iter, ts, value) VALUES (1, ?, ?, ?)')
  for (let i = 299; i >= 0; i--) insert.run(i, 1000 + i, i === 7 ? null : i / 2)
  migrate(old)
  assert.equal(old.pragma('user_version', { simple: true }), MIGRATIONS.length)
  const chunks = old.prepare('SELECT n, points FROM scalar_chunks ORDER BY first_iter').all() as { n: number; points: Buffer }[]
  assert.deepEqual(chunks.map((c) => c.n), [128, 128, 44])
  const first = decodeChunk(chunks[0].points, chunks[0].n)
  assert.deepEqual([first.iter[7], first.ts[7], Number.isNaN(first.value[7]), first.value[8]], [7, 1007, true, 4])
  assert.equal(old.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'event_scalars'`).pluck().get(), 0)
  old.close()
})
