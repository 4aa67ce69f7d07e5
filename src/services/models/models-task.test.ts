import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createModel, readModel, readTask, seedProject, seedTask } from './model-test-fixtures.js'

const V = { version: '2.9' }

test('models.update_for_task creates the task output model from what the task knows', async (t) => {
  const app = await testApp(t)
  const project = await seedProject(app, 'update for task')
  const input = await createModel(app)
  const task = await seedTask(app, {
    name: 'producer', status: 'in_progress', project,
    execution: { framework: 'Keras', model_desc: { design: 'd' }, model_labels: { a: 1 } }, models: { input: [{ name: 'in', model: input }], output: [] },
  })
  const res = await app.ok('models.update_for_task', { task, uri: 'file:///b', iteration: 999 }, V)
  assert.equal(res.created, true)
  const model = await readModel(app, res.id)
  assert.deepEqual(
    [model?.name, model?.project, model?.framework, model?.parent, model?.design, model?.labels, model?.ready, model?.task],
    ['producer', project, 'Keras', input, { design: 'd' }, { a: 1 }, false, task],
  )
  assert.equal(model?.comment, `Created by task \`producer\` (${task})`)
  const stored = await readTask(app, task)
  assert.equal(stored?.last_iteration, 999)
  assert.deepEqual(stored?.models.output.map((m) => [m.name, m.model]), [['Output Model', res.id]])
})

test('models.update_for_task updates the existing output model and keeps the highest iteration', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const { id } = await app.ok('models.update_for_task', { task, name: 'test model', uri: 'file:///b', iteration: 999 }, V)
  const second = await app.ok('models.update_for_task', { task, uri: 'file:///c', iteration: 1000 }, V)
  assert.deepEqual([second.id, second.created, second.updated], [id, false, 1])
  assert.equal(second.fields.uri, 'file:///c')
  await app.ok('models.update_for_task', { task, uri: 'file:///d', iteration: 888 }, V)
  assert.equal((await readTask(app, task))?.last_iteration, 1000)
  assert.equal((await readModel(app, id))?.uri, 'file:///d')
})

test('models.update_for_task with override_model_id links that model as the output', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const model = await createModel(app)
  const res = await app.ok('models.update_for_task', { task, override_model_id: model }, V)
  assert.deepEqual(res, { id: model, created: true })
  assert.equal((await readTask(app, task))?.models.output[0].model, model)
  assert.deepEqual(codes(await app.call('models.update_for_task', { task, override_model_id: 'missing' }, V)), [400, 201])
})

test('models.update_for_task answers 400/11 unless exactly one of uri and override_model_id is given', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  assert.deepEqual(codes(await app.call('models.update_for_task', { task }, V)), [400, 11])
  assert.deepEqual(codes(await app.call('models.update_for_task', { task, uri: 'x', override_model_id: 'y' }, V)), [400, 11])
})

test('models.update_for_task answers 400/101 for an unknown task and 400/110 for a stopped one', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('models.update_for_task', { task: 'missing', uri: 'x' }, V)), [400, 101])
  const stopped = await seedTask(app, { status: 'stopped' })
  assert.deepEqual(codes(await app.call('models.update_for_task', { task: stopped, uri: 'x' }, V)), [400, 110])
})

test('models.update_for_task and get_by_task_id answer 301/1 above API 2.13', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const moved = await app.call('models.update_for_task', { task, uri: 'x' }, { version: '2.14' })
  assert.deepEqual([moved.status, ...codes(moved)], [301, 301, 1])
  assert.deepEqual(codes(await app.call('models.get_by_task_id', { task })), [301, 1])
  assert.equal((await app.call('models.update_for_task', { task, uri: 'x' }, { version: '2.13' })).status, 200)
})

test('models.get_by_task_id answers the last output model, 400/122 without one, 400/101 for an unknown task', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  assert.deepEqual(codes(await app.call('models.get_by_task_id', { task }, V)), [400, 122])
  const { id } = await app.ok('models.update_for_task', { task, uri: 'file:///b' }, V)
  const { model } = await app.ok('models.get_by_task_id', { task }, V)
  assert.equal(model.id, id)
  assert.deepEqual(model.metadata, [])
  assert.deepEqual(codes(await app.call('models.get_by_task_id', { task: 'missing' }, V)), [400, 101])
  const dangling = await seedTask(app, { models: { input: [], output: [{ name: 'o', model: 'gone' }] } })
  assert.deepEqual(codes(await app.call('models.get_by_task_id', { task: dangling }, V)), [400, 201])
})
