import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createModel, createProject, createTask, getTask } from './crud-test-kit.js'

test('tasks.clone copies the definition, not the run, and sets the source as parent', async (t) => {
  const app = await testApp(t)
  const script = { binary: 'python', requirements: { pip: ['six'] }, repository: 'https://example.com/foo/bar', entry_point: 'test.py', diff: 'foo' }
  const source = await createTask(app, {
    script, tags: ['hello'], system_tags: ['development', 'test'], comment: 'c', container: { image: 'img' }, runtime: { x: 1 },
    hyperparams: { s: { p: { section: 's', name: 'p', value: '1' } } }, configuration: { c: { name: 'c', value: 'v' } },
    execution: { framework: 'torch', artifacts: [{ key: 'in', type: 't', mode: 'input' }, { key: 'out', type: 't' }] },
    output_dest: 'http://files',
  })
  await app.ok('tasks.started', { task: source })
  const { id } = await app.ok('tasks.clone', {
    task: source, new_task_name: 'new test', new_task_tags: ['by'], execution_overrides: { framework: 'Caffe', model_labels: { test: 1.0 } },
  })
  const task = await getTask(app, id)
  assert.equal(task.name, 'new test')
  assert.equal(task.type, 'testing')
  assert.equal(task.status, 'created')
  assert.equal(task.parent, source)
  assert.equal(task.comment, 'c')
  assert.deepEqual(task.tags, ['by'])
  assert.deepEqual(task.system_tags, ['test'])
  assert.deepEqual(task.script, script)
  assert.equal(task.execution.framework, 'Caffe')
  assert.deepEqual(task.execution.model_labels, { test: 1 })
  assert.deepEqual(task.execution.artifacts.map((a: any) => a.key), ['in'])
  assert.deepEqual(task.hyperparams, { s: { p: { section: 's', name: 'p', value: '1' } } })
  assert.deepEqual(task.configuration, { c: { name: 'c', value: 'v' } })
  assert.deepEqual(task.container, { image: 'img' })
  assert.deepEqual(task.runtime, {})
  assert.deepEqual(task.output, { destination: 'http://files' })
})

test('tasks.clone replaces hyperparameters, configuration and artifacts when given', async (t) => {
  const app = await testApp(t)
  const source = await createTask(app, { hyperparams: { old: { p: { section: 'old', name: 'p', value: '1' } } } })
  const { id } = await app.ok('tasks.clone', {
    task: source, new_task_hyperparams: { new: { q: { section: 'new', name: 'q', value: '2' } } },
    new_task_configuration: { cfg: { name: 'cfg', value: 'x' } },
    execution_overrides: { artifacts: [{ key: 'x', type: 'str', uri: 'x', mode: 'input' }] },
  })
  const task = await getTask(app, id)
  assert.deepEqual(Object.keys(task.hyperparams), ['new'])
  assert.deepEqual(Object.keys(task.configuration), ['cfg'])
  assert.deepEqual(task.execution.artifacts, [{ key: 'x', type: 'str', uri: 'x', mode: 'input' }])
})

test('tasks.clone into a new project by name returns the project', async (t) => {
  const app = await testApp(t)
  const source = await createTask(app)
  const res = await app.ok('tasks.clone', { task: source, new_project_name: 'project_for_clone' })
  assert.equal(res.new_project.name, 'project_for_clone')
  assert.equal((await getTask(app, res.id)).project, res.new_project.id)
})

test('tasks.clone of a task whose input model is gone works unless references are validated (400/201)', async (t) => {
  const app = await testApp(t)
  const model = await createModel(app)
  const source = await createTask(app, { models: { input: [{ name: 'in', model }] } })
  await app.ok('models.delete', { model, force: true })
  await app.ok('tasks.clone', { task: source, new_task_name: 'clone test' })
  assert.deepEqual(codes(await app.call('tasks.clone', { task: source, validate_references: true })), [400, 201])
  const res = await app.call('tasks.clone', { task: source, execution_overrides: { model: 'not existing' } })
  assert.deepEqual(codes(res), [400, 201])
})

test('tasks.clone answers 400/101 for an unknown task or parent and 400/401 for an unknown project', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('tasks.clone', { task: 'missing' })), [400, 101])
  const source = await createTask(app)
  assert.deepEqual(codes(await app.call('tasks.clone', { task: source, new_task_parent: 'missing' })), [400, 101])
  assert.deepEqual(codes(await app.call('tasks.clone', { task: source, new_task_project: 'missing' })), [400, 401])
  const project = await createProject(app)
  const { id } = await app.ok('tasks.clone', { task: source, new_task_project: project, new_task_input_models: [{ name: 'i', model: '' }] })
  assert.equal((await getTask(app, id)).project, project)
})

test('tasks.clone of a public task makes a private copy', async (t) => {
  const app = await testApp(t)
  const source = await createTask(app)
  await app.ok('tasks.make_public', { ids: [source] })
  const { id } = await app.ok('tasks.clone', { task: source })
  await app.ok('tasks.edit', { task: id, comment: 'mine' })
  assert.equal((await getTask(app, id)).comment, 'mine')
})
