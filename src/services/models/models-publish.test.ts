import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp, type TestApp } from '../../test/test-app.js'
import { codes, createModel, readModel, readTask, seedTask } from './model-test-fixtures.js'

async function taskWithModel(app: TestApp, status: 'in_progress' | 'stopped' | 'published' | 'created') {
  const task = await seedTask(app, { status })
  const model = await createModel(app, { ready: false, task })
  await app.app.store.transaction(async (tx) => {
    const doc = await tx.tasks.get(task)
    if (doc) await tx.tasks.update({ ...doc, models: { input: [], output: [{ name: 'Output Model', model }] } })
  })
  return { task, model }
}

test('models.set_ready on a running task\'s model answers 400/110 and changes nothing', async (t) => {
  const app = await testApp(t)
  const { task, model } = await taskWithModel(app, 'in_progress')
  assert.deepEqual(codes(await app.call('models.set_ready', { model })), [400, 110])
  assert.equal((await readModel(app, model))?.ready, false)
  assert.equal((await readTask(app, task))?.status, 'in_progress')
})

test('models.set_ready with publish_task:false publishes only the model', async (t) => {
  const app = await testApp(t)
  const { task, model } = await taskWithModel(app, 'in_progress')
  const res = await app.ok('models.set_ready', { model, publish_task: false })
  assert.deepEqual(res, { updated: 1 })
  assert.equal((await readModel(app, model))?.ready, true)
  assert.equal((await readTask(app, task))?.status, 'in_progress')
})

test('models.set_ready with force_publish_task publishes a running task too', async (t) => {
  const app = await testApp(t)
  const { task, model } = await taskWithModel(app, 'in_progress')
  await app.ok('models.set_ready', { model, force_publish_task: true })
  assert.equal((await readModel(app, model))?.ready, true)
  assert.equal((await readTask(app, task))?.status, 'published')
})

test('models.set_ready publishes a stopped task and reports it; a second call answers 400/203', async (t) => {
  const app = await testApp(t)
  const { task, model } = await taskWithModel(app, 'stopped')
  const res = await app.ok('models.set_ready', { model })
  assert.equal(res.updated, 1)
  assert.equal(res.published_task.id, task)
  assert.equal(res.published_task.data.updated, 1)
  assert.equal(res.published_task.data.fields.status, 'published')
  assert.equal((await readTask(app, task))?.status, 'published')
  assert.deepEqual(codes(await app.call('models.set_ready', { model })), [400, 203])
})

test('models.set_ready leaves an already published task alone and works without a task', async (t) => {
  const app = await testApp(t)
  const { model } = await taskWithModel(app, 'published')
  assert.deepEqual(await app.ok('models.set_ready', { model }), { updated: 1 })
  const alone = await createModel(app, { ready: false })
  assert.deepEqual(await app.ok('models.set_ready', { model: alone }), { updated: 1 })
  assert.equal((await readModel(app, alone))?.ready, true)
})

test('models.set_ready answers 400/201 for an unknown model', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('models.set_ready', { model: 'missing' })), [400, 201])
})

test('models.publish_many reports each id: published with its task, already ready, unknown', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const draft = await createModel(app, { ready: false, task })
  const ready = await createModel(app)
  const res = await app.ok('models.publish_many', { ids: [draft, ready, 'missing'], publish_task: true, force_publish_task: true })
  assert.deepEqual(res.succeeded.map((s: { id: string; updated: boolean }) => [s.id, s.updated]), [[draft, true]])
  assert.equal(res.succeeded[0].published_task.id, task)
  assert.deepEqual(res.failed.map((f: { id: string; error: { codes: number[] } }) => [f.id, f.error.codes]), [[ready, [400, 203]], ['missing', [400, 201]]])
  assert.equal((await readTask(app, task))?.status, 'published')
})

test('models.publish_many without ids answers 400/12', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('models.publish_many', { ids: [] })), [400, 12])
})

test('the test_models flow: a model published after its task is published (publish_model:false) and then deleted', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await app.ok('tasks.started', { task })
  const { id: model } = await app.ok('models.update_for_task', { task, uri: 'file:///b' }, { version: '2.9' })
  await app.ok('tasks.stopped', { task })
  await app.ok('tasks.publish', { task, publish_model: false })
  assert.equal((await readModel(app, model))?.ready, false)
  const res = await app.ok('models.set_ready', { model })
  assert.deepEqual(res, { updated: 1 })
  assert.deepEqual(codes(await app.call('models.delete', { model })), [400, 206])
  await app.ok('models.delete', { model, force: true })
  assert.equal((await readTask(app, task))?.models.output[0].model, `__DELETED__${model}`)
})
