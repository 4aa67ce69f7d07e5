import BetterSqlite3 from 'better-sqlite3'
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { TaskDoc } from '../../domain/entities/task.js'
import { MIGRATIONS, migrate, TASK_HOT_FIELDS } from './migrations.js'
import { createSqliteStore } from './sqlite-store.js'

const task = (id: string, o: Partial<TaskDoc> = {}): TaskDoc => ({
  id, company: 'c', user: 'u', name: `task ${id}`, type: 'training', status: 'created', created: '2026-01-01T00:00:00+00:00',
  tags: [], system_tags: [], last_update: '2026-01-01T00:00:00+00:00', last_iteration: 0, last_metrics: {}, ...o,
} as TaskDoc)

test('a task keeps its event summary fields in the hot column and reads back whole', async (t) => {
  const store = createSqliteStore(':memory:')
  t.after(() => store.close())
  await store.transaction((tx) => tx.tasks.insert(task('a', { last_iteration: 7, last_metrics: { m: { v: { metric: 'loss', variant: 'v', value: 1 } } } })))
  const row = store.db.prepare(`SELECT doc, hot FROM tasks WHERE id = 'a'`).get() as { doc: string; hot: string }
  assert.deepEqual(Object.keys(JSON.parse(row.hot)).sort(), ['last_iteration', 'last_metrics', 'last_update'])
  assert.ok(!('last_metrics' in JSON.parse(row.doc)))
  const back = await store.read((tx) => tx.tasks.get('a'))
  assert.deepEqual(back, task('a', { last_iteration: 7, last_metrics: { m: { v: { metric: 'loss', variant: 'v', value: 1 } } } }))
})

test('updateHot rewrites only the hot fields: other changes to the document are not written', async (t) => {
  const store = createSqliteStore(':memory:')
  t.after(() => store.close())
  await store.transaction((tx) => tx.tasks.insert(task('a')))
  const before = (store.db.prepare(`SELECT doc FROM tasks WHERE id = 'a'`).get() as { doc: string }).doc
  await store.transaction(async (tx) => {
    const doc = (await tx.tasks.get('a')) as TaskDoc
    await tx.tasks.updateHot({ ...doc, name: 'not written', last_iteration: 9, last_update: '2026-02-02T00:00:00+00:00' })
  })
  const after = await store.read((tx) => tx.tasks.get('a'))
  assert.deepEqual([after?.name, after?.last_iteration, after?.last_update], ['task a', 9, '2026-02-02T00:00:00+00:00'])
  assert.equal((store.db.prepare(`SELECT doc FROM tasks WHERE id = 'a'`).get() as { doc: string }).doc, before)
})

test('getHot reads the hot fields and the named ones, and updateHot writes what it changes back', async (t) => {
  const store = createSqliteStore(':memory:')
  t.after(() => store.close())
  const started = '2026-01-02T03:04:05+00:00'
  await store.transaction((tx) => tx.tasks.insert(task('a', { started, script: { diff: 'x'.repeat(50_000) } as TaskDoc['script'], last_iteration: 3 })))
  const [view] = await store.read((tx) => tx.tasks.getHot(['a', 'missing'], ['company', 'status', 'started', 'comment']))
  // Absent fields stay absent; nothing else of the document is read.
  assert.deepEqual(view, { id: 'a', company: 'c', status: 'created', started, last_iteration: 3, last_metrics: {}, last_update: '2026-01-01T00:00:00+00:00' })
  await store.transaction((tx) => tx.tasks.updateHot({ ...view, last_iteration: 4 }))
  const back = await store.read((tx) => tx.tasks.get('a'))
  assert.deepEqual([back?.last_iteration, (back?.script as { diff?: string } | undefined)?.diff?.length, back?.name], [4, 50_000, 'task a'])
  await assert.rejects(store.read((tx) => tx.tasks.getHot(['a'], ['last_metrics'])), /plain top-level fields/)
  // A table without hot fields reads whole documents.
  await store.transaction((tx) => tx.queues.insert({ id: 'q', company: 'c', name: 'default' } as never))
  assert.deepEqual(await store.read((tx) => tx.queues.getHot(['q'], ['company'])), [{ id: 'q', company: 'c', name: 'default' }])
})

test('filters and ordering reach hot fields, and last_update ordering uses its index', async (t) => {
  const store = createSqliteStore(':memory:')
  t.after(() => store.close())
  await store.transaction(async (tx) => {
    for (const [id, it, at] of [['a', 5, '2026-01-03'], ['b', 50, '2026-01-01'], ['c', 20, '2026-01-02']] as const) {
      await tx.tasks.insert(task(id, { last_iteration: it, last_update: `${at}T00:00:00+00:00` }))
    }
  })
  const found = await store.read((tx) => tx.tasks.find({
    filter: { op: 'cmp', path: ['last_iteration'], cmp: '>=', value: 10, numeric: true },
    orderBy: [{ path: ['last_update'], descending: true, numeric: false }],
  }))
  assert.deepEqual(found.map((d) => d.id), ['c', 'b'])
  const plan = (store.db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM tasks ORDER BY json_extract(hot, '$.last_update') DESC`).all() as { detail: string }[])
  assert.match(plan.map((p) => p.detail).join(' '), /USING INDEX tasks_last_update/)
})

test('migration 6 moves the hot fields of existing tasks out of the document', () => {
  const db = new BetterSqlite3(':memory:')
  for (const step of MIGRATIONS.slice(0, 5).flat()) if (typeof step === 'string') db.exec(step)
  db.pragma('user_version = 5')
  db.prepare('INSERT INTO tasks (id, doc) VALUES (?, ?)').run('a', JSON.stringify(task('a', { last_iteration: 3, active_duration: 12 })))
  migrate(db)
  const row = db.prepare(`SELECT doc, hot FROM tasks WHERE id = 'a'`).get() as { doc: string; hot: string }
  const [doc, hot] = [JSON.parse(row.doc) as Record<string, unknown>, JSON.parse(row.hot) as Record<string, unknown>]
  assert.deepEqual(hot, { last_update: '2026-01-01T00:00:00+00:00', last_iteration: 3, last_metrics: {}, active_duration: 12 })
  assert.ok(TASK_HOT_FIELDS.every((f) => !(f in doc)))
  assert.equal(doc.name, 'task a')
  db.close()
})

test('updateHot keeps the stored size of the hot value while the new one fits, so the record is overwritten in place', async (t) => {
  const store = createSqliteStore(':memory:')
  t.after(() => store.close())
  await store.transaction((tx) => tx.tasks.insert(task('a')))
  const size = () => store.db.prepare(`SELECT octet_length(hot) FROM tasks WHERE id = 'a'`).pluck().get() as number
  const write = (o: Partial<TaskDoc>) => store.transaction(async (tx) => tx.tasks.updateHot({ ...((await tx.tasks.get('a')) as TaskDoc), ...o }))
  const padded = size()
  await write({ last_iteration: 1 })
  assert.equal(size(), padded)
  await write({ last_iteration: 123456, last_changed_by: 'ünïcödé user' })
  assert.equal(size(), padded)
  const back = await store.read((tx) => tx.tasks.get('a'))
  assert.deepEqual([back?.last_iteration, back?.last_changed_by], [123456, 'ünïcödé user'])
  const found = await store.read((tx) => tx.tasks.find({ filter: { op: 'in', path: ['last_changed_by'], values: ['ünïcödé user'] } }))
  assert.deepEqual(found.map((d) => d.id), ['a'])
  // A value that outgrows its room is stored with room again.
  await write({ last_metrics: { m: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`v${i}`, { metric: 'm', variant: `v${i}`, value: i }])) } })
  assert.ok(size() > padded)
  assert.equal(Object.keys((await store.read((tx) => tx.tasks.get('a')))?.last_metrics?.m ?? {}).length, 30)
})
