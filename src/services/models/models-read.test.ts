import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createModel, seedProject, seedTask } from './model-test-fixtures.js'

test('models.get_by_id answers the model, honours only_fields, and 400/201 for an unknown id', async (t) => {
  const app = await testApp(t)
  const id = await createModel(app, { name: 'by id' })
  const { model } = await app.ok('models.get_by_id', { model: id, only_fields: ['name'] })
  assert.deepEqual(model, { id, name: 'by id' })
  assert.deepEqual(codes(await app.call('models.get_by_id', { model: 'missing' })), [400, 201])
  assert.deepEqual(codes(await app.call('models.get_by_id', {})), [400, 12])
})

test('models.get_by_id answers metadata as [] to clients at 2.16 and below', async (t) => {
  const app = await testApp(t)
  const id = await createModel(app, { metadata: { k: { key: 'k', type: 'str', value: 'v' } } })
  assert.deepEqual((await app.ok('models.get_by_id', { model: id }, { version: '2.16' })).model.metadata, [])
  assert.deepEqual((await app.ok('models.get_by_id', { model: id }, { version: '2.17' })).model.metadata, { k: { key: 'k', type: 'str', value: 'v' } })
})

test('models.get_all filters the way Model.query_models asks', async (t) => {
  const app = await testApp(t)
  const project = await seedProject(app, 'query project')
  const a = await createModel(app, { name: 'query x', project, tags: ['t1'], ready: false, metadata: { k: { key: 'k', type: 'str', value: 'v1' } } })
  const b = await createModel(app, { name: 'query x', project, system_tags: ['archived'] })
  await createModel(app, { name: 'other model', project })
  const ids = async (q: Record<string, unknown>) => (await app.ok('models.get_all', q)).models.map((m: { id: string }) => m.id)
  assert.deepEqual(await ids({ project: [project], name: '^query\\ x$', system_tags: ['-archived'], only_fields: ['id'] }), [a])
  assert.deepEqual(await ids({ project: [project], name: '^query', order_by: ['-created'], ready: true }), [b])
  assert.deepEqual(await ids({ tags: ['t1'] }), [a])
  assert.deepEqual(await ids({ 'metadata.k.value': 'v1' }), [a])
  assert.deepEqual(await ids({ uri: ['file:///a/b'], project: [project], page: 1, page_size: 2 }).then((l) => l.length), 1)
})

test('models.get_all with include_subprojects searches the projects below', async (t) => {
  const app = await testApp(t)
  const top = await seedProject(app, 'top project')
  const child = await seedProject(app, 'top project/child', { parent: top, path: [top] })
  const id = await createModel(app, { project: child })
  const res = await app.ok('models.get_all', { project: [top], include_subprojects: true })
  assert.deepEqual(res.models.map((m: { id: string }) => m.id), [id])
  assert.deepEqual((await app.ok('models.get_all', { project: [top] })).models, [])
})

test('models.get_all answers 400/12 for a malformed range and returns a scroll_id when scrolling', async (t) => {
  const app = await testApp(t)
  await createModel(app)
  assert.deepEqual(codes(await app.call('models.get_all', { last_iteration: [1] })), [400, 12])
  const res = await app.ok('models.get_all', { scroll_id: null, size: 10 })
  assert.equal(res.models.length, 1)
  assert.equal(typeof res.scroll_id, 'string')
})

test('models.get_all_ex returns references as objects and joins project.name', async (t) => {
  const app = await testApp(t)
  const project = await seedProject(app, 'joined project')
  const task = await seedTask(app)
  const id = await createModel(app, { project, task })
  const [plain] = (await app.ok('models.get_all_ex', { id: [id] })).models
  assert.deepEqual([plain.project, plain.task], [{ id: project }, { id: task }])
  assert.equal(typeof plain.user.id, 'string')
  const [joined] = (await app.ok('models.get_all_ex', { id: [id], only_fields: ['name', 'project.name'] })).models
  assert.deepEqual(joined, { id, name: 'test model', project: { id: project, name: 'joined project' } })
})

test('models.get_all_ex adds stats.labels_count only with include_stats', async (t) => {
  const app = await testApp(t)
  const m1 = await createModel(app, { labels: { hello: 1, world: 2 } })
  const m2 = await createModel(app)
  const plain = (await app.ok('models.get_all_ex', { id: [m1, m2] })).models
  assert.ok(plain.every((m: Record<string, unknown>) => !('stats' in m)))
  const withStats = (await app.ok('models.get_all_ex', { id: [m1, m2], include_stats: true })).models
  const counts = Object.fromEntries(withStats.map((m: { id: string; stats: { labels_count: number } }) => [m.id, m.stats.labels_count]))
  assert.deepEqual(counts, { [m1]: 2, [m2]: 0 })
})

test('models.get_all_ex projects single metadata keys and leaves out public models when allow_public is false', async (t) => {
  const app = await testApp(t)
  const meta = { a: { key: 'a', type: 'str', value: '1' }, b: { key: 'b', type: 'str', value: '2' } }
  const id = await createModel(app, { metadata: meta })
  const [m] = (await app.ok('models.get_all_ex', { id: [id], only_fields: ['metadata.a'] })).models
  assert.deepEqual(m.metadata, { a: meta.a })
  await app.ok('models.make_public', { ids: [id] })
  assert.equal((await app.ok('models.get_all_ex', { id: [id] })).models.length, 1)
  assert.equal((await app.ok('models.get_all_ex', { id: [id], allow_public: false })).models.length, 0)
})

test('models.get_by_id_ex answers the model list, and 400/11 without id', async (t) => {
  const app = await testApp(t)
  const id = await createModel(app)
  assert.deepEqual((await app.ok('models.get_by_id_ex', { id: [id] })).models.map((m: { id: string }) => m.id), [id])
  assert.deepEqual(codes(await app.call('models.get_by_id_ex', {})), [400, 11])
})

test('models.get_frameworks lists distinct frameworks, sorted, optionally within projects', async (t) => {
  const app = await testApp(t)
  const project = await seedProject(app, 'frameworks project')
  await createModel(app, { framework: 'Test framework 1' })
  await createModel(app, { framework: 'Test framework 2', project })
  await createModel(app, { framework: 'Test framework 2', project })
  await createModel(app)
  assert.deepEqual((await app.ok('models.get_frameworks')).frameworks, ['Test framework 1', 'Test framework 2'])
  assert.deepEqual((await app.ok('models.get_frameworks', { projects: [project] })).frameworks, ['Test framework 2'])
  const empty = await seedProject(app, 'empty project')
  assert.deepEqual((await app.ok('models.get_frameworks', { projects: [empty] })).frameworks, [])
})
