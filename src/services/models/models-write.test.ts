import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createModel, readModel, readTask, seedProject, seedTask } from './model-test-fixtures.js'

test('models.create stores a ready model with never-null containers and answers {id, created}', async (t) => {
  const app = await testApp(t)
  const res = await app.ok('models.create', { name: '  my model ', uri: 'file:///m.pt' })
  assert.equal(res.created, true)
  assert.match(res.id, /^[0-9a-f]{32}$/)
  const { model } = await app.ok('models.get_by_id', { model: res.id })
  assert.equal(model.name, 'my model')
  assert.equal(model.ready, true)
  assert.deepEqual([model.tags, model.system_tags, model.labels, model.design, model.metadata], [[], [], {}, {}, {}])
  assert.equal(model.last_iteration, 0)
  assert.match(model.created, /\+00:00$/)
  assert.equal('ui_cache' in model, false)
})

test('models.create keeps what the SDK sends: ready:false, project, labels, metadata map, sorted tags', async (t) => {
  const app = await testApp(t)
  const project = await seedProject(app, 'models project')
  const id = await createModel(app, {
    ready: false, public: false, project, labels: { cat: 1, dog: 2 }, tags: ['b', 'a'], framework: 'PyTorch',
    design: { design: 'layers = 3' }, metadata: { acc: { key: 'acc', type: 'float', value: '0.9' } },
  })
  const { model } = await app.ok('models.get_by_id', { model: id })
  assert.equal(model.ready, false)
  assert.equal(model.project, project)
  assert.deepEqual(model.tags, ['a', 'b'])
  assert.deepEqual(model.labels, { cat: 1, dog: 2 })
  assert.deepEqual(model.metadata, { acc: { key: 'acc', type: 'float', value: '0.9' } })
})

test('models.create without uri or name answers 400/12', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('models.create', { name: 'no uri' })), [400, 12])
  assert.deepEqual(codes(await app.call('models.create', { uri: 'file:///x' })), [400, 12])
})

test('models.create with a short name answers 400/800 and with an unknown project 400/12', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('models.create', { name: 'ab', uri: 'x' })), [400, 800])
  assert.deepEqual(codes(await app.call('models.create', { name: 'abc', uri: 'x', project: 'nope' })), [400, 12])
})

test('models.create with a __$ tag answers 400/16, bad labels 400/12, an unknown task 400/101', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('models.create', { name: 'abc', uri: 'x', tags: ['__$all'] })), [400, 16])
  assert.deepEqual(codes(await app.call('models.create', { name: 'abc', uri: 'x', labels: { a: 'one' } })), [400, 12])
  assert.deepEqual(codes(await app.call('models.create', { name: 'abc', uri: 'x', task: 'missing' })), [400, 101])
})

test('models.create at 2.2 splits system tags out of tags, and answers them merged', async (t) => {
  const app = await testApp(t)
  const res = await app.ok('models.create', { name: 'old client', uri: 'x', tags: ['archived', 'test'] }, { version: '2.2' })
  const stored = await readModel(app, res.id)
  assert.deepEqual([stored?.tags, stored?.system_tags], [['test'], ['archived']])
  const old = await app.ok('models.get_by_id', { model: res.id }, { version: '2.2' })
  assert.deepEqual(old.model.tags, ['archived', 'test'])
})

test('models.edit replaces the given fields, resets ui_cache on a new uri and answers {updated, fields}', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const id = await createModel(app, { ready: false, ui_cache: { x: 1 } })
  const res = await app.ok('models.edit', {
    model: id, uri: 'file:///final.pt', name: 'final', task, labels: { a: 1 }, design: { design: 'x' }, ready: true,
    comment: null,
  })
  assert.equal(res.updated, 1)
  assert.equal(res.fields.uri, 'file:///final.pt')
  assert.deepEqual(res.fields.ui_cache, {})
  assert.match(res.fields.last_update, /\+00:00$/)
  assert.equal('comment' in res.fields, false)
  const stored = await readModel(app, id)
  assert.deepEqual([stored?.name, stored?.task, stored?.ready, stored?.labels], ['final', task, true, { a: 1 }])
})

test('models.edit with iteration raises the task last_iteration and never lowers it', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const id = await createModel(app, { task })
  await app.ok('models.edit', { model: id, iteration: 10 })
  assert.equal((await readTask(app, task))?.last_iteration, 10)
  await app.ok('models.edit', { model: id, iteration: 5 })
  assert.equal((await readTask(app, task))?.last_iteration, 10)
})

test('models.edit with nothing to change answers updated 0', async (t) => {
  const app = await testApp(t)
  const id = await createModel(app)
  assert.equal((await app.ok('models.edit', { model: id })).updated, 0)
})

test('models.edit ignores __DELETED__ task references and answers 400/16 for unknown references', async (t) => {
  const app = await testApp(t)
  const id = await createModel(app)
  assert.equal((await app.ok('models.edit', { model: id, task: '__DELETED__abc' })).updated, 0)
  assert.deepEqual(codes(await app.call('models.edit', { model: id, project: 'nope' })), [400, 16])
  assert.deepEqual(codes(await app.call('models.edit', { model: id, parent: 'nope' })), [400, 16])
  assert.deepEqual(codes(await app.call('models.edit', { model: id, task: 'nope' })), [400, 16])
})

test('models.edit answers 400/201 for an unknown model and 400/12 for non-integer labels', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('models.edit', { model: 'missing', name: 'abc' })), [400, 201])
  const id = await createModel(app)
  assert.deepEqual(codes(await app.call('models.edit', { model: id, labels: { a: 1.5 } })), [400, 12])
  assert.deepEqual(codes(await app.call('models.edit', { model: id, labels: { a: 1, b: 1 } })), [400, 800])
})

test('models.update writes only user-settable fields and the task iteration', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const id = await createModel(app, { ready: false })
  const res = await app.ok('models.update', { model: id, task, iteration: 1000, labels: { foo: 1 }, name: 'renamed', ready: true })
  assert.equal(res.updated, 1)
  assert.equal(res.fields.name, 'renamed')
  const stored = await readModel(app, id)
  assert.deepEqual([stored?.name, stored?.ready, stored?.labels, stored?.task ?? null], ['renamed', false, {}, null])
  assert.equal((await readTask(app, task))?.last_iteration, 1000)
  await app.ok('models.update', { model: id, task, iteration: 500 })
  assert.equal((await readTask(app, task))?.last_iteration, 1000)
})

test('models.update replaces metadata and system tags, and answers updated 0 with no settable field', async (t) => {
  const app = await testApp(t)
  const id = await createModel(app, { system_tags: ['default'], metadata: { a: { key: 'a', type: 'str', value: '1' } } })
  const meta = { b: { key: 'b', type: 'str', value: '2' } }
  await app.ok('models.update', { model: id, metadata: meta, system_tags: [] })
  const { model } = await app.ok('models.get_by_id', { model: id })
  assert.deepEqual([model.metadata, model.system_tags], [meta, []])
  assert.deepEqual(await app.ok('models.update', { model: id, labels: { x: 1 } }), { updated: 0, fields: {} })
})

test('models.update answers 400/201 for unknown or public models, 400/101 for unknown tasks, 403/21 for public ones', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('models.update', { model: 'missing', name: 'abc' })), [400, 201])
  const id = await createModel(app)
  assert.deepEqual(codes(await app.call('models.update', { model: id, task: 'missing' })), [400, 101])
  const publicTask = await seedTask(app, { company: '' })
  assert.deepEqual(codes(await app.call('models.update', { model: id, task: publicTask })), [403, 21])
  await app.ok('models.make_public', { ids: [id] })
  assert.deepEqual(codes(await app.call('models.update', { model: id, name: 'public change' })), [400, 201])
})

test('models of another company are invisible: models.update and get_by_id answer 400/201', async (t) => {
  const app = await testApp(t)
  const id = await createModel(app)
  await app.app.store.transaction(async (tx) => {
    const model = await tx.models.get(id)
    if (model) await tx.models.update({ ...model, company: 'another-company' })
  })
  assert.deepEqual(codes(await app.call('models.update', { model: id, name: 'abcd' })), [400, 201])
  assert.deepEqual(codes(await app.call('models.get_by_id', { model: id })), [400, 201])
})
