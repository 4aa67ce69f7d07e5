import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createQueue, entryTasks, readTask, seedQueuedTask, seedTask } from './queue-test-kit.js'

test('queues.add_task appends an entry {task, added} and points execution.queue at the queue', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'add queue')
  const task = await seedTask(app)
  assert.deepEqual(await app.ok('queues.add_task', { queue: q, task }), { added: 1 })
  const { queue } = await app.ok('queues.get_by_id', { queue: q })
  assert.equal(queue.entries[0].task, task)
  assert.match(queue.entries[0].added, /\+00:00$/)
  const stored = await readTask(app, task)
  assert.equal(stored?.execution.queue, q)
  assert.equal(stored?.status, 'created')
})

test('queues.add_task with update_execution_queue false leaves execution.queue alone', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'add queue')
  const task = await seedTask(app)
  await app.ok('queues.add_task', { queue: q, task, update_execution_queue: false })
  assert.equal((await readTask(app, task))?.execution.queue, undefined)
})

test('queues.add_task answers 400/706 for a task already in the queue and 400/701 for an unknown queue', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'add queue')
  const task = await seedTask(app)
  await app.ok('queues.add_task', { queue: q, task })
  assert.deepEqual(codes(await app.call('queues.add_task', { queue: q, task })), [400, 706])
  assert.deepEqual(codes(await app.call('queues.add_task', { queue: 'missing', task })), [400, 701])
  assert.deepEqual(codes(await app.call('queues.add_task', { queue: q })), [400, 12])
})

test('queues.remove_task takes the entry out and leaves the task queued unless update_task_status is set', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'remove queue')
  const kept = await seedQueuedTask(app, q)
  const reverted = await seedQueuedTask(app, q)
  assert.deepEqual(await app.ok('queues.remove_task', { queue: q, task: kept }), { removed: 1 })
  const a = await readTask(app, kept)
  assert.deepEqual([a?.status, a?.execution.queue], ['queued', q])
  assert.deepEqual(await app.ok('queues.remove_task', { queue: q, task: reverted, update_task_status: true }), { removed: 1 })
  const b = await readTask(app, reverted)
  assert.deepEqual([b?.status, b?.execution.queue, b?.enqueue_status], ['created', undefined, null])
  assert.equal(b?.status_reason, `Task was removed from the queue ${q}`)
  assert.deepEqual((await app.ok('queues.get_by_id', { queue: q })).queue.entries, [])
})

test('queues.remove_task answers 400/703 when the task is not in the queue or the queue is unknown', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'remove queue')
  const task = await seedTask(app)
  assert.deepEqual(codes(await app.call('queues.remove_task', { queue: q, task })), [400, 703])
  assert.deepEqual(codes(await app.call('queues.remove_task', { queue: 'missing', task })), [400, 703])
})

test('queues.clear_queue empties the queue and returns the removed task ids, their status reverted', async (t) => {
  const app = await testApp(t)
  const q1 = await createQueue(app, 'TestTempQueue1')
  const q2 = await createQueue(app, 'TestTempQueue2')
  const a = await seedQueuedTask(app, q2)
  const b = await seedQueuedTask(app, q2, { enqueue_status: 'stopped' })
  assert.deepEqual(await app.ok('queues.clear_queue', { queue: q1 }), { removed_tasks: [] })
  assert.deepEqual(await app.ok('queues.clear_queue', { queue: q2 }), { removed_tasks: [a, b] })
  assert.deepEqual([(await readTask(app, a))?.status, (await readTask(app, b))?.status], ['created', 'stopped'])
  assert.deepEqual((await app.ok('queues.get_by_id', { queue: q2 })).queue.entries, [])
  assert.deepEqual(codes(await app.call('queues.clear_queue', { queue: 'missing' })), [400, 701])
})

test('clear_queue leaves alone a listed task whose execution.queue points elsewhere (it returns only the ones it reverted)', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'clear queue')
  const elsewhere = await seedTask(app, { status: 'queued', execution: { queue: 'other' } })
  await app.ok('queues.add_task', { queue: q, task: elsewhere, update_execution_queue: false })
  assert.deepEqual(await app.ok('queues.clear_queue', { queue: q }), { removed_tasks: [] })
  assert.equal((await readTask(app, elsewhere))?.status, 'queued')
})

test('queue reordering: forward, backward, to front and to back clamp at the ends and return the new position', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'move queue')
  const tasks: string[] = []
  for (let i = 0; i < 4; i++) tasks.push(await seedQueuedTask(app, q))
  const order = async () => entryTasks((await app.ok('queues.get_by_id', { queue: q })).queue)
  const move = async (name: string, extra: object = {}) => (await app.ok(`queues.${name}`, { queue: q, task: tasks[0], ...extra })).position
  assert.equal(await move('move_task_to_front'), 0)
  assert.deepEqual(await order(), tasks)
  assert.equal(await move('move_task_backward', { count: 2 }), 2)
  assert.deepEqual(await order(), [tasks[1], tasks[2], tasks[0], tasks[3]])
  assert.equal(await move('move_task_backward', { count: 100 }), 3)
  assert.deepEqual(await order(), [...tasks.slice(1), tasks[0]])
  assert.equal(await move('move_task_forward', { count: 2 }), 1)
  assert.deepEqual(await order(), [tasks[1], tasks[0], tasks[2], tasks[3]])
  assert.equal(await move('move_task_forward', { count: 100 }), 0)
  assert.deepEqual(await order(), tasks)
  assert.equal(await move('move_task_backward'), 1)
  assert.equal(await move('move_task_forward'), 0)
  assert.equal(await move('move_task_to_back'), 3)
  assert.deepEqual(await order(), [...tasks.slice(1), tasks[0]])
  assert.equal(await move('move_task_to_front'), 0)
  assert.deepEqual(await order(), tasks)
})

test('queue reordering answers 400/703 for a task not in the queue', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'move queue')
  for (const name of ['move_task_forward', 'move_task_backward', 'move_task_to_front', 'move_task_to_back']) {
    assert.deepEqual(codes(await app.call(`queues.${name}`, { queue: q, task: 'not-there' })), [400, 703], name)
  }
})

test('queues.peek_task and get_num_entries report the head and the length; 400/701 for an unknown queue', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'peek queue')
  assert.deepEqual(await app.ok('queues.peek_task', { queue: q }), { task: null })
  assert.deepEqual(await app.ok('queues.get_num_entries', { queue: q }), { num: 0 })
  const first = await seedQueuedTask(app, q)
  await seedQueuedTask(app, q)
  assert.deepEqual(await app.ok('queues.peek_task', { queue: q }), { task: first })
  assert.deepEqual(await app.ok('queues.get_num_entries', { queue: q }), { num: 2 })
  assert.deepEqual(codes(await app.call('queues.peek_task', { queue: 'missing' })), [400, 701])
  assert.deepEqual(codes(await app.call('queues.get_num_entries', { queue: 'missing' })), [400, 701])
})

test('queues.peek_task needs API 2.15: an older version answers 404', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'peek queue')
  assert.equal((await app.call('queues.peek_task', { queue: q }, { version: '2.14' })).status, 404)
  assert.equal((await app.call('queues.peek_task', { queue: q }, { version: '2.15' })).status, 200)
})

test('queues.get_next_task pops entries in FIFO order and answers {} on an empty queue', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'pop queue')
  const a = await seedQueuedTask(app, q)
  const b = await seedQueuedTask(app, q)
  const first = await app.ok('queues.get_next_task', { queue: q })
  assert.equal(first.entry.task, a)
  assert.match(first.entry.added, /\+00:00$/)
  assert.equal(first.task_info, undefined)
  assert.equal((await app.ok('queues.get_next_task', { queue: q })).entry.task, b)
  assert.deepEqual(await app.ok('queues.get_next_task', { queue: q }), {})
  // Popping leaves the status alone: the agent claims the task with tasks.started.
  assert.equal((await readTask(app, a))?.status, 'queued')
})

test('queues.get_next_task answers 400/701 for an unknown queue, also with a task given', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('queues.get_next_task', { queue: 'missing' })), [400, 701])
  assert.deepEqual(codes(await app.call('queues.get_next_task', { queue: 'missing', task: 'x' })), [400, 701])
  assert.deepEqual(codes(await app.call('queues.get_next_task', {})), [400, 12])
})

test('queues.get_next_task with task pops only when that task is at the head', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'pop queue')
  const a = await seedQueuedTask(app, q)
  const b = await seedQueuedTask(app, q)
  assert.deepEqual(await app.ok('queues.get_next_task', { queue: q, task: b }), {})
  assert.equal((await app.ok('queues.get_next_task', { queue: q, task: a })).entry.task, a)
  assert.equal((await app.ok('queues.get_next_task', { queue: q, task: b })).entry.task, b)
})

test('queues.get_next_task with get_task_info adds the task company and user', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'pop queue')
  const task = await seedQueuedTask(app, q, { user: 'owner-user' })
  const res = await app.ok('queues.get_next_task', { queue: q, get_task_info: true })
  assert.equal(res.entry.task, task)
  assert.equal(res.task_info.user, 'owner-user')
  assert.equal(typeof res.task_info.company, 'string')
})

test('queues.get_next_task puts a popped task that was stopped meanwhile back to queued', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'pop queue')
  const task = await seedQueuedTask(app, q, { status: 'stopped' })
  await app.ok('queues.get_next_task', { queue: q })
  assert.equal((await readTask(app, task))?.status, 'queued')
})

test('concurrent queues.get_next_task calls on one queue never return the same task', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'race queue')
  const tasks: string[] = []
  for (let i = 0; i < 10; i++) tasks.push(await seedQueuedTask(app, q))
  const results = await Promise.all(Array.from({ length: 16 }, () => app.ok('queues.get_next_task', { queue: q })))
  const popped = results.filter((r) => r.entry).map((r) => r.entry.task as string)
  assert.equal(popped.length, 10)
  assert.equal(new Set(popped).size, 10)
  assert.deepEqual([...popped].sort(), [...tasks].sort())
  assert.equal(results.filter((r) => !r.entry).length, 6)
})
