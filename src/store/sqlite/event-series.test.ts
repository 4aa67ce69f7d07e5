import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openDatabase } from './database.js'
import { createSeriesCatalog } from './event-series.js'
import { createWriteEpoch } from './write-epoch.js'

test('a batch that throws leaves no series behind: the next batch creates it again and counts only its own events', async () => {
  const db = openDatabase(':memory:')
  const catalog = createSeriesCatalog(db, createWriteEpoch(db))
  db.exec('BEGIN')
  assert.throws(() => catalog.batch(1, () => {
    const { delta } = catalog.resolve('t', 'log', 'm', 'v', false)
    delta.added += 5
    throw new Error('the write failed half way')
  }), /half way/)
  db.exec('ROLLBACK')

  db.exec('BEGIN')
  catalog.batch(2, () => {
    const { delta } = catalog.resolve('t', 'log', 'm', 'v', false)
    delta.added += 1
    delta.note(3, 100)
  })
  db.exec('COMMIT')
  const [series] = await catalog.list(['t'])
  assert.equal(series.count, 1)
  assert.equal(series.maxIter, 3)
  assert.equal(series.lastWritten, 2)
  db.close()
})

test('within one batch a series resolves once, and its deltas add up', async () => {
  const db = openDatabase(':memory:')
  const catalog = createSeriesCatalog(db, createWriteEpoch(db))
  catalog.batch(7, () => {
    const a = catalog.resolve('t', 'plot', 'm', 'v', false)
    const b = catalog.resolve('t', 'plot', 'm', 'v', false)
    assert.equal(a, b)
    a.delta.added += 2
    a.delta.note(1, 10)
    b.delta.note(4, 5)
  })
  const [series] = await catalog.list(['t'])
  assert.deepEqual([series.count, series.minIter, series.maxIter, series.minTimestamp, series.maxTimestamp], [2, 1, 4, 5, 10])
  db.close()
})
