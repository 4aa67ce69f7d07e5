import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createModel, createProject, createTask, getTask } from './crud-test-kit.js'

test('tasks.create stores a full task document with every container present', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app)
  const id = await createTask(app, { project, comment: 'hello', system_tags: ['development'] })
  const task = await getTask(app, id)
  assert.equal(task.id, id)
  assert.equal(task.name, 'test task')
  assert.equal(task.type, 'testing')
  assert.equal(task.status, 'created')
  assert.equal(task.project, project)
  assert.equal(task.comment, 'hello')
  assert.deepEqual(task.system_tags, ['development'])
  assert.deepEqual(task.tags, [])
  assert.deepEqual(task.script, { binary: 'python', repository: '', entry_point: '' })
  assert.deepEqual(task.execution, { test_split: 0, parameters: {}, model_desc: {}, model_labels: {}, artifacts: [] })
  assert.deepEqual(task.models, { input: [], output: [] })
  for (const field of ['hyperparams', 'configuration', 'runtime', 'container', 'output', 'last_metrics']) {
    assert.deepEqual(task[field], {}, field)
  }
  assert.equal(task.last_iteration, 0)
  assert.match(task.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/)
  assert.equal('enqueue_status' in task, false)
})

test('tasks.create answers 400/800 for a name shorter than 3 characters', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('tasks.create', { name: ' ab ', type: 'testing' })), [400, 800])
})

test('tasks.create answers 400/12 for an unknown type or a missing name', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('tasks.create', { name: 'test', type: 'Unsupported' })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.create', { type: 'testing' })), [400, 12])
})

test('tasks.create answers 400/401 for an unknown project and 400/101 for an unknown parent', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('tasks.create', { name: 'test', type: 'testing', project: 'nope' })), [400, 401])
  assert.deepEqual(codes(await app.call('tasks.create', { name: 'test', type: 'testing', parent: 'nope' })), [400, 101])
})

test('tasks.create answers 400/201 for an unknown input model and accepts a known one', async (t) => {
  const app = await testApp(t)
  const bad = await app.call('tasks.create', { name: 'test', type: 'testing', models: { input: [{ name: 'in', model: 'nope' }] } })
  assert.deepEqual(codes(bad), [400, 201])
  const model = await createModel(app)
  const id = await createTask(app, { models: { input: [{ name: 'in', model }], output: [{ name: 'out', model: 'later' }] } })
  const task = await getTask(app, id)
  assert.deepEqual(task.models.input.map((m: any) => [m.name, m.model]), [['in', model]])
  assert.deepEqual(task.models.output.map((m: any) => [m.name, m.model]), [['out', 'later']])
  assert.ok(task.models.input[0].updated)
})

test('tasks.create answers 400/16 for a tag using the query operator prefix', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('tasks.create', { name: 'test', type: 'testing', tags: ['__$all'] })), [400, 16])
})

test('tasks.create answers 400/12 for an empty hyperparameter section name', async (t) => {
  const app = await testApp(t)
  const res = await app.call('tasks.create', { name: 'test', type: 'testing', hyperparams: { ' ': { a: { value: '1' } } } })
  assert.deepEqual(codes(res), [400, 12])
})

test('tasks.create turns output_dest into output.destination and trims script fields', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, { output_dest: 'http://files:8081', script: { repository: ' https://x/y ', diff: ' keep ' } })
  const task = await getTask(app, id)
  assert.deepEqual(task.output, { destination: 'http://files:8081' })
  assert.equal(task.script.repository, 'https://x/y')
  assert.equal(task.script.diff, ' keep ')
  assert.equal(task.script.binary, 'python')
})

test('tasks.create keeps legacy execution.parameters as "legacy" hyperparameters and serves them below 2.9', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, {
    execution: { parameters: { 'legacy.1': 'val1', 'TF_DEFINE/p2': 5 }, model_desc: { design: 'hello' } },
    hyperparams: { sec: { p: { section: 'sec', name: 'p', value: '1', type: 'int' } } },
  }, '2.8')
  const task = await getTask(app, id)
  assert.deepEqual(task.hyperparams, {
    sec: { p: { section: 'sec', name: 'p', value: '1', type: 'int' } },
    Args: { 'legacy.1': { section: 'Args', name: 'legacy.1', value: 'val1', type: 'legacy' } },
    TF_DEFINE: { p2: { section: 'TF_DEFINE', name: 'p2', value: '5', type: 'legacy' } },
  })
  assert.deepEqual(task.configuration, { design: { name: 'design', value: 'hello', type: 'legacy' } })
  assert.deepEqual(task.execution.parameters, {})
  const old = await getTask(app, id, '2.8')
  assert.deepEqual(old.execution.parameters, { 'legacy.1': 'val1', 'TF_DEFINE/p2': '5' })
  assert.deepEqual(old.execution.model_desc, { design: 'hello' })
})

test('tasks.create below 2.13 maps execution.model and docker_cmd to models and container', async (t) => {
  const app = await testApp(t)
  const model = await createModel(app)
  const id = await createTask(app, { execution: { model, docker_cmd: 'nvidia/cuda:11 --gpus all' } }, '2.12')
  const task = await getTask(app, id)
  assert.deepEqual(task.models.input.map((m: any) => [m.name, m.model]), [['Input Model', model]])
  assert.deepEqual(task.container, { image: 'nvidia/cuda:11', arguments: '--gpus all' })
  const old = await getTask(app, id, '2.12')
  assert.equal(old.execution.model, model)
  assert.equal(old.execution.docker_cmd, 'nvidia/cuda:11 --gpus all')
})

test('tasks.create below 2.3 splits system tags out of tags, and get_by_id merges them back', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, { tags: ['development', 'test'] }, '2.2')
  const task = await getTask(app, id)
  assert.deepEqual(task.tags, ['test'])
  assert.deepEqual(task.system_tags, ['development'])
  assert.deepEqual((await getTask(app, id, '2.2')).tags, ['development', 'test'])
})

test('tasks.create normalizes artifacts: default mode output, sorted by key', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, { execution: { artifacts: [{ key: 'b', type: 'int', uri: 'u2' }, { key: 'a', type: 'str', uri: 'u1', mode: 'input' }] } })
  const task = await getTask(app, id)
  assert.deepEqual(task.execution.artifacts, [
    { key: 'a', type: 'str', uri: 'u1', mode: 'input' },
    { key: 'b', type: 'int', uri: 'u2', mode: 'output' },
  ])
})

test('tasks.validate accepts a task read back from get_by_id, even with a deleted parent', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  const task = await getTask(app, id)
  assert.deepEqual(await app.ok('tasks.validate', { ...task, parent: `__DELETED__${id}` }), {})
  const res = await app.call('tasks.validate', { ...task, project: 'nope' })
  assert.deepEqual(codes(res), [400, 401])
})

test('tasks.get_by_id answers 400/101 for an unknown task', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('tasks.get_by_id', { task: 'missing' })), [400, 101])
})
