// The query language end to end: parsed here, compiled to SQL by the SQLite store, run over real documents.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { TaskDoc } from '../entities/task.js'
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js'
import { parseGetAll, type EntitySpec } from './get-all.js'
import { applyProjection } from './projection.js'
import { isApiError } from '../../errors.js'

const SPEC: EntitySpec = {
  pattern: ['name', 'comment'],
  list: ['id', 'tags', 'system_tags', 'status', 'project', 'hyperparams.*'],
  range: ['created', 'last_iteration', 'last_metrics.*'],
  datetime: ['last_update'],
  equality: ['runtime.*'],
  excludedByDefault: ['unique_metrics'],
  numericOrder: ['hyperparams.', 'last_metrics.'],
}

const task = (id: string, extra: Partial<TaskDoc>): TaskDoc => ({
  id, company: 'c', name: `task ${id}`, type: 'training', status: 'created', user: 'u', created: '2025-01-01T00:00:00.000000+00:00',
  tags: [], system_tags: [], execution: {}, hyperparams: {}, configuration: {}, runtime: {}, container: {},
  models: { input: [], output: [] }, output: {}, last_metrics: {}, ...extra,
})

const DOCS: TaskDoc[] = [
  task('a', { tags: ['x', 'y'], status: 'completed', comment: 'Hello', last_iteration: 5, last_update: '2025-03-01T00:00:00.000000+00:00',
    hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '10' } } } }),
  task('b', { tags: ['x'], comment: 'world', last_iteration: 50, last_update: '2025-01-15T00:00:00.000000+00:00',
    hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '9' } } }, runtime: { gpu: 'a100' } }),
  task('c', { tags: [], system_tags: ['archived'], name: 'Other thing', last_update: '2024-12-01T00:00:00.000000+00:00' }),
]

async function run(request: Record<string, unknown>): Promise<string[]> {
  const store = createSqliteStore(':memory:')
  try {
    return await store.transaction(async (tx) => {
      for (const d of DOCS) await tx.tasks.insert(d)
      const q = parseGetAll(request, SPEC, { maxPageSize: 500 })
      const docs = await tx.tasks.find({ filter: q.filter, orderBy: q.orderBy, offset: q.offset, limit: q.limit })
      return docs.map((d) => d.id)
    })
  } finally {
    await store.close()
  }
}

test('list fields: values OR-ed, "-x" excludes, __$all ANDs, __$not negates, null matches empty', async () => {
  assert.deepEqual(await run({ tags: ['y', 'z'] }), ['a'])
  assert.deepEqual(await run({ tags: ['x'] }), ['a', 'b'])
  assert.deepEqual(await run({ tags: ['-y'] }), ['b', 'c'])
  assert.deepEqual(await run({ tags: ['__$all', 'x', 'y'] }), ['a'])
  assert.deepEqual(await run({ tags: ['__$not', 'y'] }), ['b', 'c'])
  assert.deepEqual(await run({ tags: [null] }), ['c'])
  assert.deepEqual(await run({ tags: ['y', null] }), ['a', 'c'])
  assert.deepEqual(await run({ status: 'completed' }), ['a'])
  // Exclusion also matches documents that lack the field, as MongoDB's $nin does.
  assert.deepEqual(await run({ project: ['-p1'] }), ['a', 'b', 'c'])
  assert.deepEqual(await run({ 'hyperparams.Args.lr.value': ['9'] }), ['b'])
})

test('structured filters: any/all with include/exclude and null', async () => {
  assert.deepEqual(await run({ filters: { tags: { any: { include: ['y'] } } } }), ['a'])
  assert.deepEqual(await run({ filters: { tags: { all: { exclude: ['y'] } } } }), ['b', 'c'])
  assert.deepEqual(await run({ filters: { tags: { any: { include: [null] } } } }), ['c'])
  assert.deepEqual(await run({ filters: { tags: { all: { include: ['x', 'y'] } } } }), ['a'])
  assert.throws(() => parseGetAll({ filters: { tags: { bad: {} } } }, SPEC, { maxPageSize: 500 }), (e) => isApiError(e) && e.code === 400 && e.subcode === 12)
})

test('pattern fields are case-sensitive "contains" regexes; _any_ is case-insensitive over several fields', async () => {
  assert.deepEqual(await run({ name: '^task ' }), ['a', 'b'])
  assert.deepEqual(await run({ comment: 'hello' }), [])
  assert.deepEqual(await run({ _any_: { fields: ['name', 'comment'], pattern: 'HELLO|other' } }), ['a', 'c'])
})

test('ranges include both ends; a null minimum also matches missing values; last_metrics compare as numbers', async () => {
  assert.deepEqual(await run({ last_iteration: [5, 50] }), ['a', 'b'])
  assert.deepEqual(await run({ last_iteration: [6, null] }), ['b'])
  assert.deepEqual(await run({ last_iteration: [null, 10] }), ['a', 'c'])
  assert.throws(() => parseGetAll({ last_iteration: [1] }, SPEC, { maxPageSize: 500 }), (e) => isApiError(e) && e.subcode === 12)
})

test('datetime fields take >=, <, and 2-item ranges', async () => {
  assert.deepEqual(await run({ last_update: ['>=2025-01-01'] }), ['a', 'b'])
  assert.deepEqual(await run({ last_update: ['<2025-01-01T00:00:00'] }), ['c'])
  assert.deepEqual(await run({ last_update: ['2025-01-01', '2025-02-01'] }), ['b'])
})

test('equality fields match exactly', async () => {
  assert.deepEqual(await run({ 'runtime.gpu': 'a100' }), ['b'])
})

test('order_by: descending, numeric order for hyperparameters, nulls last', async () => {
  assert.deepEqual(await run({ order_by: ['-last_iteration'] }), ['b', 'a', 'c'])
  assert.deepEqual(await run({ order_by: ['last_iteration'] }), ['a', 'b', 'c'])
  assert.deepEqual(await run({ order_by: ['hyperparams.Args.lr.value'] }), ['b', 'a', 'c'])
  assert.deepEqual(await run({ order_by: ['-hyperparams.Args.lr.value'] }), ['a', 'b', 'c'])
})

test('paging: page/page_size, negative values are 400/12', async () => {
  assert.deepEqual(await run({ order_by: ['name'], page: 1, page_size: 2 }), ['b'])
  assert.throws(() => parseGetAll({ page: -1 }, SPEC, { maxPageSize: 500 }), (e) => isApiError(e) && e.subcode === 12)
  assert.throws(() => parseGetAll({ page_size: 0 }, SPEC, { maxPageSize: 500 }), (e) => isApiError(e) && e.subcode === 12)
  assert.throws(() => parseGetAll({ scroll_id: null, size: 0 }, SPEC, { maxPageSize: 500 }), (e) => isApiError(e) && e.subcode === 12)
})

test('projection: includes with id, exclusions, and default-hidden fields only when asked', () => {
  const doc = { id: '1', name: 'n', unique_metrics: ['a'], execution: { queue: 'q', parameters: { a: 1 } } }
  assert.deepEqual(applyProjection(doc, { include: ['name'], exclude: [] }, ['unique_metrics']), { id: '1', name: 'n' })
  assert.deepEqual(applyProjection(doc, undefined, ['unique_metrics']), { id: '1', name: 'n', execution: { queue: 'q', parameters: { a: 1 } } })
  assert.deepEqual(applyProjection(doc, { include: ['execution', 'unique_metrics'], exclude: ['execution.parameters'] }, ['unique_metrics']),
    { id: '1', execution: { queue: 'q' }, unique_metrics: ['a'] })
})
