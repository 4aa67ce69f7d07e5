import { test } from 'node:test'
import assert from 'node:assert/strict'
import { eq } from '../../domain/query/filter.js'
import { testApp, type TestApp } from '../../test/test-app.js'
import { codes, readQueue, readTask, seedQueue, seedTask } from './status-test-fixtures.js'

async function defaultQueue(app: TestApp): Promise<string> {
  const [found] = await app.app.store.read((tx) => tx.queues.find({ filter: eq('system_tags', 'default') }))
  return found?.id ?? seedQueue(app, 'default', { systemTags: ['default'] })
}

const entries = async (app: TestApp, queue: string) => ((await readQueue(app, queue))?.entries ?? []).map((e) => e.task)

test('tasks.enqueue queues a created task: enqueue_status, execution.queue, entry, development tag dropped', async (t) => {
  const app = await testApp(t)
  const queue = await seedQueue(app, 'q1')
  const id = await seedTask(app, { system_tags: ['development', 'keep'] })
  const res = await app.ok('tasks.enqueue', { task: id, queue, status_reason: 'why' })
  assert.equal(res.queued, 1)
  assert.equal(res.updated, 1)
  assert.equal(res.fields.status, 'queued')
  assert.equal(res.fields['execution.queue'], queue)
  assert.equal(res.queue_watched, undefined)
  const task = await readTask(app, id)
  assert.deepEqual([task.status, task.enqueue_status, task.execution.queue, task.status_reason], ['queued', 'created', queue, 'why'])
  assert.deepEqual(task.system_tags, ['keep'])
  assert.deepEqual(await entries(app, queue), [id])
})

test('tasks.enqueue accepts stopped and failed tasks, and 400/110 for completed or running ones', async (t) => {
  const app = await testApp(t)
  const queue = await seedQueue(app, 'q1')
  for (const status of ['stopped', 'failed'] as const) {
    const id = await seedTask(app, { status })
    await app.ok('tasks.enqueue', { task: id, queue })
    assert.equal((await readTask(app, id)).enqueue_status, status)
  }
  for (const status of ['completed', 'in_progress', 'published'] as const) {
    const id = await seedTask(app, { status })
    assert.deepEqual(codes(await app.call('tasks.enqueue', { task: id, queue })), [400, 110], status)
    assert.equal((await readTask(app, id)).status, status)
  }
  const forced = await seedTask(app, { status: 'completed' })
  assert.equal((await app.ok('tasks.enqueue', { task: forced, queue, force: true })).fields.status, 'queued')
})

test('tasks.enqueue answers 400/706 when the task is already in that queue, leaving it as it was', async (t) => {
  const app = await testApp(t)
  const queue = await seedQueue(app, 'q1')
  const id = await seedTask(app)
  await app.ok('tasks.enqueue', { task: id, queue })
  const before = await readTask(app, id)
  assert.deepEqual(codes(await app.call('tasks.enqueue', { task: id, queue })), [400, 706])
  assert.deepEqual(await readTask(app, id), before)
  assert.deepEqual(await entries(app, queue), [id])
})

test('tasks.enqueue of a queued task into another queue moves it and keeps the original enqueue_status', async (t) => {
  const app = await testApp(t)
  const q1 = await seedQueue(app, 'q1')
  const q2 = await seedQueue(app, 'q2')
  const id = await seedTask(app, { status: 'stopped' })
  await app.ok('tasks.enqueue', { task: id, queue: q1 })
  await app.ok('tasks.enqueue', { task: id, queue: q2 })
  assert.deepEqual([await entries(app, q1), await entries(app, q2)], [[], [id]])
  const task = await readTask(app, id)
  assert.deepEqual([task.enqueue_status, task.execution.queue], ['stopped', q2])
})

test('tasks.enqueue by queue_name creates the queue when missing', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  const res = await app.ok('tasks.enqueue', { task: id, queue_name: 'brand new' }, { version: '2.19' })
  const queue = await readQueue(app, res.fields['execution.queue'])
  assert.equal(queue?.name, 'brand new')
  assert.deepEqual(queue?.entries.map((e) => e.task), [id])
})

test('tasks.enqueue without a queue uses the default queue; 400/707 when there is none', async (t) => {
  const app = await testApp(t)
  const def = await defaultQueue(app)
  const id = await seedTask(app)
  assert.equal((await app.ok('tasks.enqueue', { task: id })).fields['execution.queue'], def)
  await app.app.store.transaction((tx) => tx.queues.delete([def]))
  const other = await seedTask(app)
  assert.deepEqual(codes(await app.call('tasks.enqueue', { task: other })), [400, 707])
  assert.equal((await readTask(app, other)).status, 'created')
})

test('tasks.enqueue answers 400/701 for an unknown queue and leaves the task created', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  assert.deepEqual(codes(await app.call('tasks.enqueue', { task: id, queue: 'nope' })), [400, 701])
  assert.equal((await readTask(app, id)).status, 'created')
})

test('tasks.enqueue answers 400/12 for both queue and queue_name, 400/101 unknown, 403/21 public', async (t) => {
  const app = await testApp(t)
  const queue = await seedQueue(app, 'q1')
  const id = await seedTask(app)
  assert.deepEqual(codes(await app.call('tasks.enqueue', { task: id, queue, queue_name: 'x' })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.enqueue', { task: 'missing', queue })), [400, 101])
  const shared = await seedTask(app, { company: '' })
  assert.deepEqual(codes(await app.call('tasks.enqueue', { task: shared, queue })), [403, 21])
})

test('tasks.enqueue with update_execution_queue=false re-queues without touching execution.queue', async (t) => {
  const app = await testApp(t)
  const q1 = await seedQueue(app, 'q1')
  const q2 = await seedQueue(app, 'q2')
  const created = await seedTask(app)
  assert.deepEqual(codes(await app.call('tasks.enqueue', { task: created, queue: q1, update_execution_queue: false })), [400, 12])
  await app.ok('tasks.enqueue', { task: created, queue: q1 })
  const res = await app.ok('tasks.enqueue', { task: created, queue: q2, update_execution_queue: false })
  assert.equal(res.fields['execution.queue'], undefined)
  assert.equal((await readTask(app, created)).execution.queue, q1)
  assert.deepEqual(await entries(app, q2), [created])
})

test('tasks.enqueue with verify_watched_queue reports queue_watched; 400/12 with update_execution_queue=false', async (t) => {
  const app = await testApp(t)
  const queue = await seedQueue(app, 'q1')
  const id = await seedTask(app)
  assert.equal((await app.ok('tasks.enqueue', { task: id, queue, verify_watched_queue: true })).queue_watched, false)
  const other = await seedTask(app)
  const res = await app.call('tasks.enqueue', { task: other, queue, verify_watched_queue: true, update_execution_queue: false })
  assert.deepEqual(codes(res), [400, 12])
})

test('tasks.enqueue_many queues every known task and lists the failures', async (t) => {
  const app = await testApp(t)
  const a = await seedTask(app)
  const b = await seedTask(app)
  const res = await app.ok('tasks.enqueue_many', { ids: [a, b, 'missing'], queue_name: 'test batch' })
  assert.deepEqual(res.succeeded.map((s: { id: string; queued: boolean }) => [s.id, s.queued]), [[a, true], [b, true]])
  assert.equal(res.succeeded[0].fields.status, 'queued')
  assert.deepEqual(res.failed.map((f: { id: string; error: { codes: number[] } }) => [f.id, f.error.codes]), [['missing', [400, 101]]])
  assert.deepEqual(codes(await app.call('tasks.enqueue_many', { ids: [] })), [400, 12])
})

test('tasks.enqueue_many with validate_tasks fails a task whose project is gone (400/401)', async (t) => {
  const app = await testApp(t)
  const queue = await seedQueue(app, 'q1')
  const bad = await seedTask(app, { project: 'no-such-project' })
  const res = await app.ok('tasks.enqueue_many', { ids: [bad], queue, validate_tasks: true, verify_watched_queue: true })
  assert.deepEqual(res.failed.map((f: { error: { codes: number[] } }) => f.error.codes), [[400, 401]])
  assert.equal(res.queue_watched, undefined)
  assert.equal((await readTask(app, bad)).status, 'created')
})

test('tasks.dequeue returns a queued task to its status before enqueue', async (t) => {
  const app = await testApp(t)
  const queue = await seedQueue(app, 'q1')
  const id = await seedTask(app, { status: 'stopped' })
  await app.ok('tasks.enqueue', { task: id, queue })
  const res = await app.ok('tasks.dequeue', { task: id })
  assert.deepEqual([res.dequeued, res.updated, res.fields.status], [1, 1, 'stopped'])
  assert.deepEqual(await entries(app, queue), [])
  const task = await readTask(app, id)
  assert.equal(task.enqueue_status, null)
})

test('tasks.dequeue with new_status moves to that status (the agent sends in_progress after popping)', async (t) => {
  const app = await testApp(t)
  const queue = await seedQueue(app, 'q1')
  const id = await seedTask(app, { system_tags: ['development'] })
  await app.ok('tasks.enqueue', { task: id, queue })
  await app.app.store.transaction(async (tx) => {
    const q = await tx.queues.get(queue)
    await tx.queues.update({ ...q!, entries: [] })
  })
  const res = await app.ok('tasks.dequeue', { task: id, new_status: 'in_progress' })
  assert.deepEqual([res.updated, res.fields.status], [1, 'in_progress'])
  const other = await seedTask(app)
  await app.ok('tasks.enqueue', { task: other, queue })
  assert.equal((await app.ok('tasks.dequeue', { task: other, new_status: 'published' })).fields.status, 'published')
})

test('tasks.dequeue of a task that is not queued updates nothing; of an unknown one purges it from queues', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  assert.deepEqual(await app.ok('tasks.dequeue', { task: id }), { dequeued: 1, updated: 0, fields: {} })
  const queue = await seedQueue(app, 'q1')
  await app.app.store.transaction(async (tx) => {
    const q = await tx.queues.get(queue)
    await tx.queues.update({ ...q!, entries: [{ task: 'ghost', added: q!.created }] })
  })
  assert.deepEqual(await app.ok('tasks.dequeue', { task: 'ghost' }), { dequeued: 1, updated: 0, fields: {} })
  assert.deepEqual(await entries(app, queue), [])
})

test('tasks.dequeue with remove_from_all_queues drops the task from every queue', async (t) => {
  const app = await testApp(t)
  const q1 = await seedQueue(app, 'q1')
  const q2 = await seedQueue(app, 'q2')
  const id = await seedTask(app)
  await app.ok('tasks.enqueue', { task: id, queue: q1 })
  await app.app.store.transaction(async (tx) => {
    const q = await tx.queues.get(q2)
    await tx.queues.update({ ...q!, entries: [{ task: id, added: q!.created }] })
  })
  await app.ok('tasks.dequeue', { task: id, remove_from_all_queues: true })
  assert.deepEqual([await entries(app, q1), await entries(app, q2)], [[], []])
})

test('tasks.dequeue answers 403/21 for a public task and 400/12 for a bad new_status or no task', async (t) => {
  const app = await testApp(t)
  const shared = await seedTask(app, { company: '' })
  assert.deepEqual(codes(await app.call('tasks.dequeue', { task: shared })), [403, 21])
  const id = await seedTask(app)
  assert.deepEqual(codes(await app.call('tasks.dequeue', { task: id, new_status: 'bogus' })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.dequeue', {})), [400, 12])
})

test('tasks.dequeue_many dequeues each task and lists the failures', async (t) => {
  const app = await testApp(t)
  const queue = await seedQueue(app, 'q1')
  const a = await seedTask(app)
  await app.ok('tasks.enqueue', { task: a, queue })
  const shared = await seedTask(app, { company: '' })
  const res = await app.ok('tasks.dequeue_many', { ids: [a, shared] })
  assert.deepEqual(res.succeeded.map((s: { id: string; dequeued: boolean; updated: number }) => [s.id, s.dequeued, s.updated]), [[a, true, 1]])
  assert.deepEqual(res.failed.map((f: { id: string; error: { codes: number[] } }) => [f.id, f.error.codes]), [[shared, [403, 21]]])
  assert.equal((await readTask(app, a)).status, 'created')
})

test('tasks.enqueue with verify_watched_queue reports true once a worker listens to the queue', async (t) => {
  const app = await testApp(t)
  const queue = await seedQueue(app, 'watched')
  await app.ok('workers.register', { worker: 'w1', queues: [queue] })
  const id = await seedTask(app)
  assert.equal((await app.ok('tasks.enqueue', { task: id, queue, verify_watched_queue: true })).queue_watched, true)
  const other = await seedTask(app)
  const many = await app.ok('tasks.enqueue_many', { ids: [other], queue, verify_watched_queue: true })
  assert.equal(many.queue_watched, true)
})
