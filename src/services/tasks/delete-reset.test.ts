import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createModel, createTask, getTask, publishTask } from './crud-test-kit.js'
import { createTaskDeleteReset } from './delete-reset-service.js'

const gone = async (app: Awaited<ReturnType<typeof testApp>>, id: string) =>
  codes(await app.call('tasks.get_by_id', { task: id }))[1] === 101

test('tasks.delete removes a draft task and answers urls: null unless asked', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  const res = await app.ok('tasks.delete', { task: id })
  assert.deepEqual(res, { deleted: true, updated_children: 0, updated_models: 0, deleted_models: 0, urls: null })
  assert.ok(await gone(app, id))
  assert.deepEqual(codes(await app.call('tasks.delete', { task: id })), [400, 101])
})

test('tasks.delete answers 400/123 for a task that is neither created nor archived, unless forced', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  await publishTask(app, id)
  assert.deepEqual(codes(await app.call('tasks.delete', { task: id })), [400, 123])
  assert.equal((await app.ok('tasks.delete', { task: id, force: true })).deleted, true)
  const archived = await createTask(app)
  await app.ok('tasks.started', { task: archived })
  await app.ok('tasks.archive', { tasks: [archived] })
  assert.equal((await app.ok('tasks.delete', { task: archived })).deleted, true)
})

test('tasks.delete answers 400/123 for a task with published children; forced, children point at __DELETED__', async (t) => {
  const app = await testApp(t)
  const parent = await createTask(app)
  const child = await createTask(app, { parent })
  await publishTask(app, child)
  assert.deepEqual(codes(await app.call('tasks.delete', { task: parent })), [400, 123])
  const res = await app.ok('tasks.delete', { task: parent, force: true })
  assert.equal(res.updated_children, 1)
  const task = await getTask(app, child)
  assert.equal(task.parent, `__DELETED__${parent}`)
  assert.deepEqual(await app.ok('tasks.validate', task), {})
})

test('tasks.delete answers 400/123 for a task with a published model; forced, the model points at __DELETED__', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  const model = await createModel(app, { task: id, ready: true })
  assert.deepEqual(codes(await app.call('tasks.delete', { task: id })), [400, 123])
  const res = await app.ok('tasks.delete', { task: id, force: true })
  assert.equal(res.updated_models, 1)
  const { model: kept } = await app.ok('models.get_by_id', { model })
  assert.equal(kept.task, `__DELETED__${id}`)
})

test('tasks.delete with return_file_urls deletes draft models and lists model and output artifact urls', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, {
    execution: { artifacts: [{ key: 'a', type: 'str', uri: 'in-uri', mode: 'input' }, { key: 'b', type: 'int', uri: 'out-uri' }] },
  })
  const draft = await createModel(app, { task: id, ready: false, uri: 'draft-uri' })
  const res = await app.ok('tasks.delete', { task: id, force: true, return_file_urls: true })
  assert.equal(res.deleted_models, 1)
  assert.deepEqual(res.urls, { model_urls: ['draft-uri'], event_urls: [], artifact_urls: ['out-uri'] })
  assert.deepEqual(codes(await app.call('models.get_by_id', { model: draft })), [400, 201])
})

test('tasks.delete keeps a draft model another task reads as input', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  const model = await createModel(app, { task: id, ready: false, uri: 'shared' })
  await createTask(app, { models: { input: [{ name: 'in', model }] } })
  const res = await app.ok('tasks.delete', { task: id, return_file_urls: true })
  assert.deepEqual([res.deleted_models, res.urls.model_urls], [0, []])
  const { model: kept } = await app.ok('models.get_by_id', { model })
  assert.ok(!kept.task)
})

test('tasks.delete takes a queued task out of its queue', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  const { id: queue } = await app.ok('queues.create', { name: 'delete test queue' })
  await app.ok('tasks.enqueue', { task: id, queue })
  await app.ok('tasks.delete', { task: id, force: true })
  const { queue: q } = await app.ok('queues.get_by_id', { queue })
  assert.deepEqual(q.entries, [])
})

test('tasks.delete_many reports each id: deleted or failed', async (t) => {
  const app = await testApp(t)
  const a = await createTask(app)
  const b = await createTask(app)
  await publishTask(app, b)
  const res = await app.ok('tasks.delete_many', { ids: [a, b, 'missing'], return_file_urls: true })
  assert.deepEqual(res.succeeded.map((s: any) => [s.id, s.deleted]), [[a, true]])
  assert.deepEqual(res.succeeded[0].urls, { model_urls: [], event_urls: [], artifact_urls: [] })
  assert.deepEqual(res.failed.map((f: any) => [f.id, f.error.codes]), [[b, [400, 123]], ['missing', [400, 101]]])
  assert.ok(await gone(app, a))
  assert.equal(await gone(app, b), false)
})

test('tasks.reset returns a run task to created and clears its run fields', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, {
    script: { repository: 'r' }, runtime: { progress: '50' },
    execution: { artifacts: [{ key: 'a', type: 't', mode: 'input' }, { key: 'b', type: 't' }] },
  })
  await app.ok('tasks.started', { task: id })
  await app.ok('tasks.edit', { task: id, force: true, models: { output: [{ name: 'o', model: 'm' }] } })
  const res = await app.ok('tasks.reset', { task: id })
  assert.equal(res.updated, 1)
  assert.equal(res.fields.status, 'created')
  assert.equal(res.fields.status_reason, 'reset')
  assert.equal(res.urls, null)
  const task = await getTask(app, id)
  assert.equal(task.status, 'created')
  assert.equal(task.started, undefined)
  assert.deepEqual(task.runtime, {})
  assert.deepEqual(task.models.output, [])
  assert.deepEqual(task.execution.artifacts.map((a: any) => a.key), ['a'])
  assert.equal(task.script.repository, 'r')
})

test('tasks.reset with clear_all drops the script and execution', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, { script: { repository: 'r', requirements: { pip: ['six'] } }, execution: { framework: 'x' } })
  await app.ok('tasks.reset', { task: id, clear_all: true })
  const task = await getTask(app, id)
  assert.deepEqual(task.script, { binary: 'python', repository: '', entry_point: '' })
  assert.equal(task.execution.framework, undefined)
})

test('tasks.reset answers 400/110 for a published task unless forced, and 400/101 for an unknown one', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  await publishTask(app, id)
  assert.deepEqual(codes(await app.call('tasks.reset', { task: id })), [400, 110])
  await app.ok('tasks.reset', { task: id, force: true })
  assert.equal((await getTask(app, id)).status, 'created')
  assert.deepEqual(codes(await app.call('tasks.reset', { task: 'missing' })), [400, 101])
})

test('tasks.reset of a queued task dequeues it and reports the removal', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  const { id: queue } = await app.ok('queues.create', { name: 'reset test queue' })
  await app.ok('tasks.enqueue', { task: id, queue })
  const res = await app.ok('tasks.reset', { task: id })
  assert.deepEqual(res.dequeued, { removed: 1 })
  const { queue: q } = await app.ok('queues.get_by_id', { queue })
  assert.deepEqual(q.entries, [])
  assert.equal((await getTask(app, id)).execution.queue, undefined)
})

test('tasks.reset_many deletes draft output models and reports their urls', async (t) => {
  const app = await testApp(t)
  const tasks = [await createTask(app), await createTask(app)]
  for (const [i, task] of tasks.entries()) await createModel(app, { task, ready: false, uri: `uri_${i}` })
  const res = await app.ok('tasks.reset_many', { ids: [...tasks, 'missing'], return_file_urls: true, force: true })
  assert.deepEqual(new Set(res.succeeded.map((s: any) => s.id)), new Set(tasks))
  assert.equal(res.succeeded.reduce((n: number, s: any) => n + s.deleted_models, 0), 2)
  assert.deepEqual(new Set(res.succeeded.flatMap((s: any) => s.urls.model_urls)), new Set(['uri_0', 'uri_1']))
  assert.equal(res.succeeded[0].dequeued, false)
  assert.deepEqual(res.failed.map((f: any) => f.id), ['missing'])
})

test('tasks.delete and tasks.reset call the events hook with the affected task and model ids', async (t) => {
  const app = await testApp(t)
  const calls: [string[], string[]][] = []
  const deps: any = { store: app.app.store, clock: () => new Date(), ids: () => 'unused' }
  const service = createTaskDeleteReset(deps, {
    deleteTaskEvents: async (_company, ids, o) => { calls.push([[...ids], [...o.modelIds]]) },
  })
  const me = await app.ok('users.get_current_user')
  const identity = { user: me.user.id, company: me.user.company.id, role: 'admin' as const, userName: '', companyName: '' }
  const cleanup = { force: true, return_file_urls: false, delete_output_models: true, delete_external_artifacts: true }
  const id = await createTask(app)
  const model = await createModel(app, { task: id, ready: false })
  await service.reset(identity, { task: id, ...cleanup, clear_all: false })
  await service.delete(identity, { task: id, ...cleanup, move_to_trash: false, include_pipeline_steps: false })
  assert.deepEqual(calls, [[[id], [model]], [[id], []]])
})
