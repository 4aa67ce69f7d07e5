import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createModel, createProject, createTask, getTask } from './crud-test-kit.js'

test('tasks.edit replaces maps, merges embedded documents and reports the fields', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, {
    script: { repository: 'r', entry_point: 'a.py' },
    execution: { framework: 'torch', artifacts: [{ key: 'a', type: 't' }] },
    hyperparams: { old: { x: { section: 'old', name: 'x', value: '1' } } },
    container: { image: 'old' },
  })
  const res = await app.ok('tasks.edit', {
    task: id, script: { entry_point: 'b.py' }, execution: { test_split: 1 }, hyperparams: { new: { y: { value: '2' } } },
    container: { arguments: '-v' }, runtime: { progress: '10' },
  })
  assert.equal(res.updated, 1)
  assert.equal(res.fields.script.entry_point, 'b.py')
  assert.ok(res.fields.last_update)
  const task = await getTask(app, id)
  assert.equal(task.script.repository, 'r')
  assert.equal(task.script.entry_point, 'b.py')
  assert.equal(task.execution.framework, 'torch')
  assert.equal(task.execution.test_split, 1)
  assert.equal(task.execution.artifacts.length, 1)
  assert.deepEqual(task.hyperparams, { new: { y: { section: 'new', name: 'y', value: '2' } } })
  assert.deepEqual(task.container, { arguments: '-v' })
  assert.deepEqual(task.runtime, { progress: '10' })
})

test('tasks.edit answers 400/110 for a task that is not created, unless forced', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  await app.ok('tasks.started', { task: id })
  assert.deepEqual(codes(await app.call('tasks.edit', { task: id, comment: 'x' })), [400, 110])
  await app.ok('tasks.edit', { task: id, comment: 'x', force: true })
  assert.equal((await getTask(app, id)).comment, 'x')
})

test('tasks.edit answers 400/101 for an unknown task and 400/401 for an unknown project', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('tasks.edit', { task: 'missing', comment: 'x' })), [400, 101])
  const id = await createTask(app)
  assert.deepEqual(codes(await app.call('tasks.edit', { task: id, project: 'nope' })), [400, 401])
  assert.deepEqual(codes(await app.call('tasks.edit', { task: id, parent: 'nope' })), [400, 101])
  assert.deepEqual(codes(await app.call('tasks.edit', { task: id, models: { input: [{ name: 'i', model: 'nope' }] } })), [400, 201])
})

test('tasks.edit answers 403/21 for a public task', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  await app.ok('tasks.make_public', { ids: [id] })
  assert.deepEqual(codes(await app.call('tasks.edit', { task: id, comment: 'x' })), [403, 21])
})

test('tasks.edit with an empty body changes nothing', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  assert.deepEqual(await app.ok('tasks.edit', { task: id }), { updated: 0 })
})

test('tasks.edit of user fields only leaves last_update alone', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  const before = (await getTask(app, id)).last_update
  const res = await app.ok('tasks.edit', { task: id, tags: ['a'], name: 'renamed' })
  assert.equal(res.fields.last_update, undefined)
  assert.equal((await getTask(app, id)).last_update, before)
})

test('tasks.edit with old-API legacy parameters replaces only the legacy items', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, {
    execution: { parameters: { 'legacy.1': 'v1' }, model_desc: { design: 'hello' } },
    hyperparams: { keep: { k: { section: 'keep', name: 'k', value: '1' } } },
  }, '2.8')
  await app.ok('tasks.edit', { task: id, execution: { parameters: { 'legacy.2': 'v2' }, model_desc: { design: 'by' } } }, { version: '2.8' })
  const old = await getTask(app, id, '2.8')
  assert.deepEqual(old.execution.parameters, { 'legacy.2': 'v2' })
  assert.deepEqual(old.execution.model_desc, { design: 'by' })
  assert.deepEqual(Object.keys(old.hyperparams).sort(), ['Args', 'keep'])
})

test('tasks.edit below 2.13 sets the input model from execution.model', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  const model = await createModel(app)
  await app.ok('tasks.edit', { task: id, execution: { model } }, { version: '2.12' })
  assert.deepEqual((await getTask(app, id)).models.input.map((m: any) => m.model), [model])
})

test('tasks.edit merges models per direction and replaces artifacts', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, { models: { output: [{ name: 'o', model: 'm1' }] } })
  await app.ok('tasks.edit', { task: id, models: { input: [] }, execution: { artifacts: [{ key: 'z', type: 't', mode: 'input' }] } })
  const task = await getTask(app, id)
  assert.deepEqual(task.models.output.map((m: any) => m.model), ['m1'])
  assert.deepEqual(task.execution.artifacts, [{ key: 'z', type: 't', mode: 'input' }])
})

test('tasks.update sets only user fields and reports them', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app)
  const id = await createTask(app, { system_tags: ['active'] })
  await app.ok('tasks.started', { task: id })
  const res = await app.ok('tasks.update', { task: id, name: 'new name', system_tags: [], project, output__error: 'boom', status_message: 'm' })
  assert.equal(res.updated, 1)
  assert.equal(res.fields.name, 'new name')
  const task = await getTask(app, id)
  assert.equal(task.name, 'new name')
  assert.deepEqual(task.system_tags, [])
  assert.equal(task.project, project)
  assert.equal(task.output.error, 'boom')
  assert.equal(task.status, 'in_progress')
  assert.deepEqual(await app.ok('tasks.update', { task: id }), { updated: 0 })
})

test('tasks.update answers 400/101 for an unknown task, 400/401 for an unknown project, 400/800 for a short name', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('tasks.update', { task: 'missing', name: 'xyz' })), [400, 101])
  const id = await createTask(app)
  assert.deepEqual(codes(await app.call('tasks.update', { task: id, project: 'nope' })), [400, 401])
  assert.deepEqual(codes(await app.call('tasks.update', { task: id, name: 'x' })), [400, 800])
})

test('tasks.update below 2.3 moves system tags out of tags', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, { tags: ['development', 'test'] }, '2.2')
  await app.ok('tasks.update', { task: id, tags: ['test'] }, { version: '2.2' })
  const task = await getTask(app, id)
  assert.deepEqual([task.tags, task.system_tags], [['test'], []])
})

async function sendBatch(app: Awaited<ReturnType<typeof testApp>>, lines: unknown[]) {
  return app.call('tasks.update_batch', undefined, {
    headers: { 'content-type': 'application/json-lines' }, rawBody: lines.map((l) => JSON.stringify(l)).join('\n'),
  })
}

test('tasks.update_batch updates each task from a json-lines body', async (t) => {
  const app = await testApp(t)
  const a = await createTask(app)
  const b = await createTask(app)
  const res = await sendBatch(app, [{ task: a, name: 'first' }, { task: b, comment: 'second' }])
  assert.equal(res.status, 200)
  assert.deepEqual(res.data, { updated: 2 })
  assert.equal((await getTask(app, a)).name, 'first')
  assert.equal((await getTask(app, b)).comment, 'second')
})

test('tasks.update_batch answers 400/17 without items and 400/101 for an unknown task', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('tasks.update_batch', {})), [400, 17])
  const a = await createTask(app)
  assert.deepEqual(codes(await sendBatch(app, [{ task: a, name: 'ok name' }, { task: 'missing', name: 'x y z' }])), [400, 101])
  assert.equal((await getTask(app, a)).name, 'test task')
})
