import assert from 'node:assert/strict'
import { test } from 'node:test'
import { USER, testApp } from '../../test/test-app.js'
import { codes, readTask, seedTask, whoAmI } from './test-kit.js'

const ids = (res: { workers: { id: string }[] }) => res.workers.map((w) => w.id)

test('workers.register lists the worker in get_all with ClearML fields; unregister removes it', async (t) => {
  const app = await testApp(t)
  const me = await whoAmI(app)
  const queue = (await app.ok('queues.create', { name: 'gpu queue' })).id
  assert.deepEqual(await app.ok('workers.register', { worker: 'vm:0', queues: [queue] }), {})
  const [w] = (await app.ok('workers.get_all', {})).workers
  assert.equal(w.id, 'vm:0')
  assert.equal(w.key, `worker_${me.company}_${me.user}_vm:0`)
  assert.deepEqual(w.user, { id: me.user, name: me.name })
  assert.equal(w.company.id, me.company)
  assert.equal(w.register_timeout, 600)
  assert.match(w.register_time, /\+00:00$/)
  assert.match(w.last_activity_time, /\+00:00$/)
  assert.equal(typeof w.ip, 'string')
  assert.deepEqual([w.tags, w.system_tags], [[], []])
  assert.deepEqual(w.queues, [{ id: queue, name: 'gpu queue', num_tasks: 0 }])
  assert.equal('task' in w, false)
  assert.equal('queue' in w, false)
  assert.deepEqual(await app.ok('workers.unregister', { worker: 'vm:0' }), {})
  assert.deepEqual(ids(await app.ok('workers.get_all', {})), [])
})

test('workers.unregister is idempotent: unknown or already removed workers answer 200', async (t) => {
  const app = await testApp(t)
  await app.ok('workers.register', { worker: 'w1' })
  await app.ok('workers.unregister', { worker: 'w1' })
  await app.ok('workers.unregister', { worker: 'w1' })
  await app.ok('workers.unregister', { worker: 'never-seen', queues: [] })
})

test('workers.unregister of an unknown worker is 400/1004 when auto_unregister is off', async (t) => {
  const app = await testApp(t, 'workers { auto_unregister: false }\n')
  assert.deepEqual(codes(await app.call('workers.unregister', { worker: 'ghost' })), [400, 1004])
  await app.ok('workers.register', { worker: 'real' })
  await app.ok('workers.unregister', { worker: 'real' })
})

test('workers.register rejects a negative timeout (400/1002), unknown queues (400/701) and a missing id (400/12)', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('workers.register', { worker: 'w', timeout: -5 })), [400, 1002])
  assert.deepEqual(codes(await app.call('workers.register', { worker: 'w', queues: ['nope'] })), [400, 701])
  assert.deepEqual(codes(await app.call('workers.register', { timeout: 5 })), [400, 12])
  assert.deepEqual(ids(await app.ok('workers.get_all', {})), [])
})

test('workers.register with timeout 0 uses the default timeout', async (t) => {
  const app = await testApp(t)
  await app.ok('workers.register', { worker: 'w', timeout: 0 })
  assert.equal((await app.ok('workers.get_all', {})).workers[0].register_timeout, 600)
})

test('workers.status_report auto-registers an unknown worker and points the task at it', async (t) => {
  const app = await testApp(t)
  const project = await app.ok('projects.create', { name: 'agent runs', description: '' })
  const task = await seedTask(app, { status: 'in_progress', name: 'train', project: project.id })
  const queue = (await app.ok('queues.get_default', {})).id
  await app.ok('workers.status_report', {
    worker: 'vm:0', timestamp: Date.now(), machine_stats: null, tags: null, task, queue, queues: [queue],
  })
  const [w] = (await app.ok('workers.get_all', {})).workers
  assert.equal(w.id, 'vm:0')
  assert.equal(w.task.id, task)
  assert.equal(w.task.name, 'train')
  assert.equal(typeof w.task.running_time, 'number')
  assert.equal(w.queue.id, queue)
  assert.equal(w.queues[0].id, queue)
  assert.match(w.last_report_time, /\+00:00$/)
  assert.deepEqual(w.project, { id: project.id, name: 'agent runs' })
  const stored = await readTask(app.app.store, task)
  assert.equal(stored?.last_worker, 'vm:0')
  assert.match(String(stored?.last_worker_report), /\+00:00$/)
  assert.equal(stored?.last_update, stored?.last_worker_report)
})

test('workers.status_report without a task clears the worker task and keeps its queues', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app, { status: 'in_progress' })
  const queue = (await app.ok('queues.get_default', {})).id
  await app.ok('workers.register', { worker: 'vm:0', queues: [queue] })
  await app.ok('workers.status_report', { worker: 'vm:0', timestamp: Date.now(), task, queue })
  await app.ok('workers.status_report', { worker: 'vm:0', timestamp: Date.now(), queues: null })
  const [w] = (await app.ok('workers.get_all', {})).workers
  assert.equal('task' in w, false)
  assert.equal('queue' in w, false)
  assert.deepEqual(w.queues.map((q: { id: string }) => q.id), [queue])
})

test('workers.status_report for an unknown task is 400/101 and still records the worker', async (t) => {
  const app = await testApp(t)
  const res = await app.call('workers.status_report', { worker: 'vm:1', timestamp: Date.now(), task: 'no-such-task' })
  assert.deepEqual(codes(res), [400, 101])
  assert.deepEqual(ids(await app.ok('workers.get_all', {})), ['vm:1'])
})

test('workers.status_report without timestamp is 400/12', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('workers.status_report', { worker: 'vm:0' })), [400, 12])
})

test('workers.status_report from an unknown worker is 400/1001 when auto_register is off', async (t) => {
  const app = await testApp(t, 'workers { auto_register: false }\n')
  assert.deepEqual(codes(await app.call('workers.status_report', { worker: 'x', timestamp: 1 })), [400, 1001])
  await app.ok('workers.register', { worker: 'x' })
  await app.ok('workers.status_report', { worker: 'x', timestamp: 1 })
})

test('workers.status_report replaces tags only when sent', async (t) => {
  const app = await testApp(t)
  await app.ok('workers.register', { worker: 'w', tags: ['a'], system_tags: ['s'] })
  await app.ok('workers.status_report', { worker: 'w', timestamp: 1, tags: null })
  assert.deepEqual((await app.ok('workers.get_all', {})).workers[0].tags, ['a'])
  await app.ok('workers.status_report', { worker: 'w', timestamp: 1, tags: ['application'], system_tags: ['x'] })
  const [w] = (await app.ok('workers.get_all', {})).workers
  assert.deepEqual([w.tags, w.system_tags], [['application'], ['x']])
})

test('workers.get_all filters by tags (any), -tag exclusion, system_tags and worker_pattern', async (t) => {
  const app = await testApp(t)
  await app.ok('workers.register', { worker: 'test_app', tags: ['application'], system_tags: ['sys'] })
  await app.ok('workers.register', { worker: 'test_plain' })
  await app.ok('workers.register', { worker: 'other' })
  const get = async (req: Record<string, unknown>) => ids(await app.ok('workers.get_all', req)).sort()
  assert.deepEqual(await get({ tags: ['application', 'test'] }), ['test_app'])
  assert.deepEqual(await get({ tags: ['test'] }), [])
  assert.deepEqual(await get({ tags: ['-application'] }), ['other', 'test_plain'])
  assert.deepEqual(await get({ tags: ['application'], system_tags: ['-sys'] }), [])
  assert.deepEqual(await get({ system_tags: ['sys'] }), ['test_app'])
  assert.deepEqual(await get({ worker_pattern: 'test_*' }), ['test_app', 'test_plain'])
  assert.deepEqual(await get({ worker_pattern: 'oth?r' }), ['other'])
})

test('workers.get_all keeps workers of every user of the company; the same id from two users is two workers', async (t) => {
  const app = await testApp(t)
  const token = await app.login(USER.username, USER.password)
  await app.ok('workers.register', { worker: 'shared' })
  await app.ok('workers.register', { worker: 'shared' }, { token })
  assert.deepEqual(ids(await app.ok('workers.get_all', {})), ['shared', 'shared'])
  await app.ok('workers.unregister', { worker: 'shared' }, { token })
  assert.deepEqual(ids(await app.ok('workers.get_all', {})), ['shared'])
})

test('workers.get_count counts live workers, with the same filters', async (t) => {
  const app = await testApp(t)
  await app.ok('workers.register', { worker: 'a', system_tags: ['grp'] })
  await app.ok('workers.register', { worker: 'b', system_tags: ['grp'] })
  await app.ok('workers.register', { worker: 'c' })
  assert.deepEqual(await app.ok('workers.get_count', {}), { count: 3 })
  assert.deepEqual(await app.ok('workers.get_count', { system_tags: ['grp'], last_seen: 4 }), { count: 2 })
  assert.deepEqual(await app.ok('workers.get_count', { worker_pattern: 'a' }), { count: 1 })
})

test('workers.get_all fills the queues with name, next task and length', async (t) => {
  const app = await testApp(t)
  const queue = (await app.ok('queues.create', { name: 'busy' })).id
  const task = await seedTask(app, { name: 'waiting' })
  await app.ok('queues.add_task', { queue, task })
  await app.ok('workers.register', { worker: 'w', queues: [queue] })
  const [w] = (await app.ok('workers.get_all', {})).workers
  assert.deepEqual(w.queues, [{ id: queue, name: 'busy', num_tasks: 1, next_task: { id: task, name: 'waiting' } }])
})

test('tasks.stop of a task a live worker reports on only asks the agent to stop ("stopping")', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app, { status: 'in_progress' })
  await app.ok('workers.register', { worker: 'worker1' })
  await app.ok('workers.status_report', { worker: 'worker1', task, timestamp: Math.floor(Date.now() / 1000) })
  const res = await app.ok('tasks.stop', { task })
  assert.equal(res.fields.status_message, 'stopping')
  assert.equal((await readTask(app.app.store, task))?.status, 'in_progress')
})

test('queues.get_all_ex lists the workers listening to each queue', async (t) => {
  const app = await testApp(t)
  const queue = (await app.ok('queues.create', { name: 'watched' })).id
  const task = await seedTask(app, { status: 'in_progress', name: 'running' })
  await app.ok('workers.register', { worker: 'vm:0', queues: [queue] })
  await app.ok('workers.status_report', { worker: 'vm:0', timestamp: Date.now(), task })
  const found = (await app.ok('queues.get_all_ex', { id: [queue] })).queues[0]
  assert.equal(found.workers.length, 1)
  assert.equal(found.workers[0].name, 'vm:0')
  assert.deepEqual(found.workers[0].task, { id: task, name: 'running' })
  assert.match(found.workers[0].key, /^worker_/)
})

test('tasks.enqueue with verify_watched_queue answers queue_watched from live workers', async (t) => {
  const app = await testApp(t)
  const queue = (await app.ok('queues.create', { name: 'lonely' })).id
  const first = await seedTask(app)
  assert.equal((await app.ok('tasks.enqueue', { task: first, queue, verify_watched_queue: true })).queue_watched, false)
  await app.ok('workers.register', { worker: 'listener', queues: [queue] })
  const second = await seedTask(app)
  assert.equal((await app.ok('tasks.enqueue', { task: second, queue, verify_watched_queue: true })).queue_watched, true)
})
