import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp, type TestApp } from '../../test/test-app.js'

const PROPERTIES = { properties: { version: { section: 'properties', name: 'version', type: 'str', value: '3.2' } } }

const codes = (res: { meta: { result_code: number; result_subcode: number } }): [number, number] =>
  [res.meta.result_code, res.meta.result_subcode]

/** A pipeline project with its controller task, as ClearML's test_pipelines makes them. */
async function pipeline(app: TestApp, name = 'pipelines test'): Promise<{ project: string; task: string }> {
  const project = (await app.ok('projects.create', { name, description: 'test' })).id
  const task = (await app.ok('tasks.create', {
    name, type: 'controller', project, system_tags: ['pipeline'], hyperparams: PROPERTIES,
  })).id
  return { project, task }
}

const getTask = async (app: TestApp, id: string) => (await app.ok('tasks.get_all_ex', { id: [id] })).tasks[0]
const projectTaskIds = async (app: TestApp, project: string) =>
  new Set((await app.ok('tasks.get_all_ex', { project: [project] })).tasks.map((t: { id: string }) => t.id))

test('pipelines.start_pipeline clones the controller with the args, names the run and enqueues it', async (t) => {
  const app = await testApp(t)
  const queue = (await app.ok('queues.get_default', {})).id
  const { project, task } = await pipeline(app)
  const res = await app.ok('pipelines.start_pipeline', { task, queue, args: [{ name: 'hello', value: 'test' }] })
  assert.deepEqual(Object.keys(res).sort(), ['enqueued', 'pipeline'])
  assert.equal(res.enqueued, true)
  assert.notEqual(res.pipeline, task)
  const run = await getTask(app, res.pipeline)
  assert.equal(run.name, 'pipelines test #2')
  assert.equal(run.status, 'queued')
  assert.equal(run.status_message, 'Starting pipeline')
  assert.equal(run.project.id, project)
  assert.equal(run.type, 'controller')
  assert.deepEqual(run.hyperparams, { Args: { hello: { section: 'Args', name: 'hello', value: 'test' } }, ...PROPERTIES })
  const entries = (await app.ok('queues.get_by_id', { queue })).queue.entries.map((e: { task: string }) => e.task)
  assert.deepEqual(entries, [res.pipeline])
  const second = await app.ok('pipelines.start_pipeline', { task, queue })
  assert.equal((await getTask(app, second.pipeline)).name, 'pipelines test #3')
  assert.deepEqual((await getTask(app, second.pipeline)).hyperparams, PROPERTIES)
})

test('pipelines.start_pipeline names the run after the last part of a nested project', async (t) => {
  const app = await testApp(t)
  const { task } = await pipeline(app, 'team/.pipelines/etl')
  const res = await app.ok('pipelines.start_pipeline', { task, args: [{ name: 'n', value: 3 }] })
  const run = await getTask(app, res.pipeline)
  assert.equal(run.name, 'etl #2')
  assert.equal(run.hyperparams.Args.n.value, '3')
})

test('pipelines.start_pipeline reports queue_watched when asked', async (t) => {
  const app = await testApp(t)
  const queue = (await app.ok('queues.create', { name: 'test pipelines' })).id
  const first = await pipeline(app, 'pipelines test1')
  assert.equal((await app.ok('pipelines.start_pipeline', { task: first.task, queue, verify_watched_queue: true })).queue_watched, false)
  await app.ok('workers.register', { worker: 'test pipelines', queues: [queue] })
  const second = await pipeline(app, 'pipelines test2')
  assert.equal((await app.ok('pipelines.start_pipeline', { task: second.task, queue, verify_watched_queue: true })).queue_watched, true)
})

test('pipelines.start_pipeline answers 400/101 for an unknown task and 400/701 for an unknown queue, cloning nothing', async (t) => {
  const app = await testApp(t)
  const { project, task } = await pipeline(app)
  assert.deepEqual(codes(await app.call('pipelines.start_pipeline', { task: 'missing' })), [400, 101])
  assert.deepEqual(codes(await app.call('pipelines.start_pipeline', { task, queue: 'missing' })), [400, 701])
  assert.deepEqual(codes(await app.call('pipelines.start_pipeline', {})), [400, 12])
  assert.deepEqual(await projectTaskIds(app, project), new Set([task]))
})

test('pipelines.delete_runs deletes the given runs and refuses to delete every run (400/160)', async (t) => {
  const app = await testApp(t)
  const queue = (await app.ok('queues.get_default', {})).id
  const { project, task } = await pipeline(app)
  const runs: string[] = []
  for (let i = 0; i < 2; i++) runs.push((await app.ok('pipelines.start_pipeline', { task, queue, args: [{ name: 'hello', value: 'test' }] })).pipeline)
  assert.deepEqual(await projectTaskIds(app, project), new Set([task, ...runs]))
  assert.deepEqual(codes(await app.call('pipelines.delete_runs', { project, ids: [task, ...runs] })), [400, 160])
  const res = await app.ok('pipelines.delete_runs', { project, ids: runs })
  assert.deepEqual(new Set(res.succeeded.map((r: { id: string }) => r.id)), new Set(runs))
  assert.deepEqual(res.failed, [])
  const one = res.succeeded[0]
  assert.equal(one.deleted, true)
  assert.deepEqual(Object.keys(one).sort(), ['deleted', 'deleted_models', 'id', 'updated_children', 'updated_models', 'urls'])
  assert.deepEqual(await projectTaskIds(app, project), new Set([task]))
  assert.deepEqual((await app.ok('queues.get_by_id', { queue })).queue.entries, [])
})

test('pipelines.delete_runs only deletes controller tasks of the project', async (t) => {
  const app = await testApp(t)
  const { project, task } = await pipeline(app)
  const step = (await app.ok('tasks.create', { name: 'a step', type: 'training', project })).id
  const other = await pipeline(app, 'other pipeline')
  const res = await app.ok('pipelines.delete_runs', { project, ids: [step, other.task] })
  assert.deepEqual(res, { succeeded: [], failed: [] })
  assert.deepEqual(await projectTaskIds(app, project), new Set([task, step]))
  assert.deepEqual(codes(await app.call('pipelines.delete_runs', { project, ids: [] })), [400, 12])
  assert.deepEqual(codes(await app.call('pipelines.delete_runs', { ids: [task] })), [400, 12])
})

test('pipelines.delete_runs deletes a run\'s steps with it', async (t) => {
  const app = await testApp(t)
  const { project, task } = await pipeline(app)
  const run = (await app.ok('pipelines.start_pipeline', { task })).pipeline
  const step = (await app.ok('tasks.create', { name: 'step of run', type: 'training', project, parent: run })).id
  await app.ok('pipelines.delete_runs', { project, ids: [run] })
  assert.deepEqual(await projectTaskIds(app, project), new Set([task]))
  assert.equal((await app.ok('tasks.get_all_ex', { id: [step] })).tasks.length, 0)
})
