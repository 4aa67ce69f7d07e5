import { test } from 'node:test'
import assert from 'node:assert/strict'
import { testApp } from '../../test/test-app.js'
import { codes, readTask, seedTask } from './status-test-fixtures.js'

const ARTIFACTS = [
  { key: 'c', type: 'int', uri: 'test3', mode: 'output' as const },
  { key: 'a', type: 'str', uri: 'test1', mode: 'input' as const },
  { key: 'b', type: 'int', uri: 'test2', mode: 'output' as const },
]

test('tasks.add_or_update_artifacts replaces by (key, mode), adds new ones, keeps the list sorted by key', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { execution: { artifacts: ARTIFACTS } })
  const edit = [
    { key: 'a', type: 'str', uri: 'hello', mode: 'input', type_data: { preview: 'p', content_type: null } },
    { key: 'c', type: 'int', uri: 'world' },
    { key: 'a', type: 'str', uri: 'out-a' },
  ]
  assert.deepEqual(await app.ok('tasks.add_or_update_artifacts', { task: id, artifacts: edit }), { updated: 1 })
  const artifacts = (await readTask(app, id)).execution.artifacts ?? []
  assert.deepEqual(artifacts.map((a) => [a.key, a.mode, a.uri]),
    [['a', 'input', 'hello'], ['a', 'output', 'out-a'], ['b', 'output', 'test2'], ['c', 'output', 'world']])
  assert.deepEqual(artifacts[0].type_data, { preview: 'p' })
})

test('tasks.delete_artifacts deletes by key and mode (default output)', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { execution: { artifacts: ARTIFACTS } })
  assert.deepEqual(await app.ok('tasks.delete_artifacts', { task: id, artifacts: [{ key: 'c' }, { key: 'a' }] }), { deleted: 1 })
  assert.deepEqual((await readTask(app, id)).execution.artifacts?.map((a) => a.key), ['a', 'b'])
  await app.ok('tasks.delete_artifacts', { task: id, artifacts: [{ key: 'a', mode: 'input' }] })
  assert.deepEqual((await readTask(app, id)).execution.artifacts?.map((a) => a.key), ['b'])
})

test('artifacts of a running task can be edited; of a completed one answer 400/110', async (t) => {
  const app = await testApp(t)
  const running = await seedTask(app, { status: 'in_progress' })
  await app.ok('tasks.add_or_update_artifacts', { task: running, artifacts: [{ key: 'x', type: 't' }] })
  await app.ok('tasks.delete_artifacts', { task: running, artifacts: [{ key: 'x' }] })
  const done = await seedTask(app, { status: 'completed' })
  assert.deepEqual(codes(await app.call('tasks.add_or_update_artifacts', { task: done, artifacts: [{ key: 'x', type: 't' }] })), [400, 110])
  assert.deepEqual(codes(await app.call('tasks.delete_artifacts', { task: done, artifacts: [{ key: 'x' }] })), [400, 110])
})

test('artifact endpoints answer 400/101 unknown, 403/21 public, 400/12 bad input, 404 below 2.10', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  assert.deepEqual(codes(await app.call('tasks.add_or_update_artifacts', { task: 'missing', artifacts: [{ key: 'x', type: 't' }] })), [400, 101])
  assert.deepEqual(codes(await app.call('tasks.delete_artifacts', { task: 'missing', artifacts: [{ key: 'x' }] })), [400, 101])
  const shared = await seedTask(app, { company: '' })
  assert.deepEqual(codes(await app.call('tasks.add_or_update_artifacts', { task: shared, artifacts: [{ key: 'x', type: 't' }] })), [403, 21])
  assert.deepEqual(codes(await app.call('tasks.add_or_update_artifacts', { task: id, artifacts: [{ key: 'x' }] })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.add_or_update_artifacts', { task: id, artifacts: [{ key: 'x', type: 't', mode: 'sideways' }] })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.delete_artifacts', { task: id, artifacts: [] })), [400, 12])
  assert.equal((await app.call('tasks.delete_artifacts', { task: id, artifacts: [{ key: 'x' }] }, { version: '2.9' })).status, 404)
})

test('tasks.add_or_update_model replaces a reference by name in place or appends it, and raises last_iteration', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, {
    last_iteration: 5,
    models: { input: [{ name: 'input1', model: 'm1' }, { name: 'input2', model: 'm2' }], output: [{ name: 'output1', model: 'id3' }] },
  })
  assert.deepEqual(await app.ok('tasks.add_or_update_model', { task: id, name: 'input1', type: 'input', model: 'Test' }), { updated: 1 })
  await app.ok('tasks.add_or_update_model', { task: id, name: 'output3', type: 'output', model: 'TestOutput', iteration: 9 })
  await app.ok('tasks.add_or_update_model', { task: id, name: 'output3', type: 'output', model: 'TestOutput', iteration: 2 })
  const task = await readTask(app, id)
  assert.deepEqual(task.models.input.map((m) => [m.name, m.model]), [['input1', 'Test'], ['input2', 'm2']])
  assert.deepEqual(task.models.output.map((m) => [m.name, m.model]), [['output1', 'id3'], ['output3', 'TestOutput']])
  assert.ok(task.models.output[1].updated)
  assert.equal(task.last_iteration, 9)
})

test('tasks.delete_models removes the named references of each type, ignoring unknown names', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, {
    models: { input: [{ name: 'input1', model: 'm1' }, { name: 'input2', model: 'm2' }], output: [{ name: 'output1', model: 'a' }, { name: 'output2', model: 'b' }] },
  })
  const res = await app.ok('tasks.delete_models', { task: id, models: [
    { name: 'input1', type: 'input' }, { name: 'input2', type: 'input' }, { name: 'output1', type: 'output' }, { name: 'not_existing', type: 'output' },
  ] })
  assert.deepEqual(res, { updated: 1 })
  const task = await readTask(app, id)
  assert.deepEqual([task.models.input, task.models.output.map((m) => m.name)], [[], ['output2']])
})

test('model reference endpoints answer 400/110 for a completed task, 400/101, 403/21, 400/12, 404 below 2.13', async (t) => {
  const app = await testApp(t)
  const done = await seedTask(app, { status: 'completed' })
  const add = { name: 'n', type: 'output', model: 'm' }
  assert.deepEqual(codes(await app.call('tasks.add_or_update_model', { task: done, ...add })), [400, 110])
  assert.deepEqual(codes(await app.call('tasks.delete_models', { task: done, models: [{ name: 'n', type: 'output' }] })), [400, 110])
  assert.deepEqual(codes(await app.call('tasks.add_or_update_model', { task: 'missing', ...add })), [400, 101])
  assert.deepEqual(codes(await app.call('tasks.delete_models', { task: 'missing', models: [] })), [400, 101])
  const shared = await seedTask(app, { company: '' })
  assert.deepEqual(codes(await app.call('tasks.add_or_update_model', { task: shared, ...add })), [403, 21])
  assert.deepEqual(codes(await app.call('tasks.add_or_update_model', { task: done, ...add, type: 'sideways' })), [400, 12])
  assert.equal((await app.call('tasks.add_or_update_model', { task: done, ...add }, { version: '2.12' })).status, 404)
})

test('tasks.set_requirements stores script.requirements in any status', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { status: 'in_progress', script: { repository: 'r' } })
  const requirements = { pip: ['numpy==1.0'], org_pip: 'numpy' }
  const res = await app.ok('tasks.set_requirements', { task: id, requirements })
  assert.deepEqual(res, { updated: 1, fields: { 'script.requirements': requirements } })
  assert.deepEqual((await readTask(app, id)).script, { repository: 'r', requirements })
})

test('tasks.set_requirements answers 400/122 without a script, 400/101, 403/21, 400/12', async (t) => {
  const app = await testApp(t)
  const bare = await seedTask(app, { script: undefined })
  assert.deepEqual(codes(await app.call('tasks.set_requirements', { task: bare, requirements: {} })), [400, 122])
  assert.deepEqual(codes(await app.call('tasks.set_requirements', { task: 'missing', requirements: {} })), [400, 101])
  const shared = await seedTask(app, { company: '' })
  assert.deepEqual(codes(await app.call('tasks.set_requirements', { task: shared, requirements: {} })), [403, 21])
  assert.deepEqual(codes(await app.call('tasks.set_requirements', { task: bare })), [400, 12])
})
