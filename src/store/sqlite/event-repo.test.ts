import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import type { SampleRow, ScalarRow } from '../event-store.js'
import { toScalarColumns } from '../scalar-chunks.js'
import type { Repos } from '../store.js'
import { createSqliteStore } from './sqlite-store.js'


async function addRows(tx: Repos, rows: ScalarRow[], now: number): Promise<void> {
  for (const points of toScalarColumns(rows)) await tx.events.scalars.add(points, now)
}
const point = (iter: number, value: number, o: Partial<ScalarRow> = {}): ScalarRow =>
  ({ task: 't1', metric: 'loss', variant: 'train', modelEvent: false, iter, timestamp: 1000 + iter, value, ...o })

test('scalar series keep exact counts and extents through overwrites and single values', async () => {
  const store = createSqliteStore(':memory:')
  await store.transaction(async (tx) => {
    await addRows(tx, [point(1, 1), point(2, 2), point(-(2 ** 31), 9)], 5)
    await addRows(tx, [point(2, 20), point(3, 3), point(3, 30)], 6)
  })
  const [s] = await store.read((tx) => tx.events.series.list(['t1']))
  assert.deepEqual([s.count, s.minIter, s.maxIter, s.hasSingle, s.lastWritten], [4, 1, 3, true, 6])
  const page = await store.read((tx) => tx.events.scalars.page([s.id], { key: 'iter', limit: 10, descending: false }))
  assert.deepEqual(page.map((p) => [p.iter, p.value]), [[-(2 ** 31), 9], [1, 1], [2, 20], [3, 30]])
  await store.close()
})

test('a timestamp page never splits points sharing the boundary timestamp', async () => {
  const store = createSqliteStore(':memory:')
  await store.transaction((tx) => addRows(tx, [1, 2, 3, 4].map((i) => point(i, i, { timestamp: i < 3 ? 10 : 20 })), 1))
  const [s] = await store.read((tx) => tx.events.series.list(['t1']))
  const first = await store.read((tx) => tx.events.scalars.page([s.id], { key: 'timestamp', limit: 1, descending: false }))
  assert.deepEqual(first.map((p) => p.iter), [1, 2])
  await store.close()
})

test('large plot strings are stored compressed and read back whole; deleteForTasks removes everything', async () => {
  const store = createSqliteStore(':memory:')
  const big = 'x'.repeat(150_000)
  const sample: SampleRow = {
    type: 'plot', task: 't1', metric: 'm', variant: 'v', modelEvent: false, iter: 1, key: '', timestamp: 1, written: 1,
    worker: 'w', url: null, body: big, sourceUrls: [],
  }
  await store.transaction(async (tx) => {
    await tx.events.samples.add([sample], 1)
    await tx.events.logs.add([{ task: 't1', timestamp: 1, iter: null, level: 'info', worker: 'w', metric: '', variant: '', msg: 'hi' }], 1)
  })
  const stored = store.db.prepare('SELECT typeof(body) AS t, length(body) AS n FROM event_samples').get() as { t: string; n: number }
  assert.equal(stored.t, 'blob')
  assert.ok(stored.n < 10_000)
  const [s] = await store.read((tx) => tx.events.series.list(['t1'], ['plot']))
  const [row] = await store.read((tx) => tx.events.samples.page([s.id], { limit: 1, descending: true }))
  assert.equal(row.body, big)
  assert.equal(await store.transaction((tx) => tx.events.deleteForTasks(['t1'])), 2)
  assert.deepEqual(await store.read((tx) => tx.events.series.list(['t1'])), [])
  await store.close()
})

test('two connections to one file (as two API processes) take turns without losing a point or a series', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'clarion-events-'))
  const file = join(dir, 'events.db')
  const a = createSqliteStore(file)
  const b = createSqliteStore(file)
  // One thread cannot hold two connections' write locks at once, so the turns are sequential here; what this
  // checks is that neither connection trusts a cached series id or count the other has since changed.
  for (let i = 0; i < 20; i++) {
    const store = i % 2 === 0 ? a : b
    await store.transaction((tx) => addRows(tx, Array.from({ length: 50 }, (_, k) => point(i * 50 + k, k, { variant: `v${i % 3}` })), i))
  }
  const series = await a.read((tx) => tx.events.series.list(['t1']))
  assert.deepEqual(series.map((s) => s.count), [350, 350, 300])
  assert.equal(new Set(series.map((s) => s.id)).size, 3)
  // Each connection keeps the last chunk it wrote; appending to it after the other wrote would drop points.
  const points = await b.read((tx) => tx.events.scalars.page(series.map((s) => s.id), { key: 'iter', limit: 10_000, descending: false }))
  assert.deepEqual(points.map((p) => p.iter), Array.from({ length: 1000 }, (_, i) => i))
  await a.close()
  await b.close()
  await rm(dir, { recursive: true, force: true })
})
