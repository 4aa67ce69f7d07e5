import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ScalarRow } from '../event-store.js'
import { toScalarColumns } from '../scalar-chunks.js'
import type { Repos } from '../store.js'
import { createSqliteStore } from './sqlite-store.js'
import { siblingStores } from './sibling-stores.js'

type Store = ReturnType<typeof createSqliteStore>

const rows = (from: number, to: number, variant = 'train'): ScalarRow[] => Array.from({ length: to - from }, (_, k) =>
  ({ task: 't1', metric: 'loss', variant, modelEvent: false, iter: from + k, timestamp: 1000 + from + k, value: from + k }))

async function add(tx: Repos, points: ScalarRow[]): Promise<void> {
  for (const columns of toScalarColumns(points)) await tx.events.scalars.add(columns, 1)
}

async function stored(store: Store): Promise<{ count: number; iters: number[] }[]> {
  const series = await store.read((tx) => tx.events.series.list(['t1']))
  return Promise.all(series.map(async (s) => ({
    count: s.count,
    iters: (await store.read((tx) => tx.events.scalars.page([s.id], { key: 'iter', limit: 10_000, descending: false }))).map((p) => p.iter),
  })))
}

test('a write that rolls back takes its cached chunks and series ids with it', async (t) => {
  const store = createSqliteStore(':memory:')
  t.after(() => store.close())
  await store.transaction((tx) => add(tx, rows(0, 10)))
  // Appends to the cached last chunk and creates a series, then fails: none of it may be trusted afterwards.
  await assert.rejects(store.transaction(async (tx) => {
    await add(tx, [...rows(10, 20), ...rows(0, 5, 'val')])
    throw new Error('the request failed after its events were written')
  }), /failed after/)
  await store.transaction((tx) => add(tx, [...rows(20, 30), ...rows(5, 8, 'val')]))
  assert.deepEqual(await stored(store), [
    { count: 20, iters: [...Array.from({ length: 10 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => 20 + i)] },
    { count: 3, iters: [5, 6, 7] },
  ])
})

test('events deleted with their task leave no cached chunk or series id behind', async (t) => {
  const store = createSqliteStore(':memory:')
  t.after(() => store.close())
  await store.transaction((tx) => add(tx, rows(0, 10)))
  await store.transaction((tx) => tx.events.deleteForTasks(['t1']))
  await store.transaction((tx) => add(tx, rows(10, 15)))
  assert.deepEqual(await stored(store), [{ count: 5, iters: [10, 11, 12, 13, 14] }])
})

test('a session revoked through another connection (a sibling API process) is refused at once', async (t) => {
  const { a, b } = await siblingStores(t)
  const expires = new Date(Date.now() + 3_600_000)
  assert.equal(await a.isSessionRevoked('s1'), false)
  await b.transaction((tx) => tx.revokedTokens.revoke('s1', expires))
  assert.equal(await a.isSessionRevoked('s1'), true)
  assert.equal(await a.isSessionRevoked('s2'), false)
  // Its own revocation too, and one rolled back is not kept.
  await a.transaction((tx) => tx.revokedTokens.revoke('s2', expires))
  assert.equal(await a.isSessionRevoked('s2'), true)
  await assert.rejects(a.transaction(async (tx) => {
    await tx.revokedTokens.revoke('s3', expires)
    assert.equal(await a.isSessionRevoked('s3'), true, 'inside its transaction the revocation shows')
    throw new Error('rolled back')
  }), /rolled back/)
  assert.equal(await a.isSessionRevoked('s3'), false)
})
