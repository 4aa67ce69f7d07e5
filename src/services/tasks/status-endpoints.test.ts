import { test } from 'node:test'
import assert from 'node:assert/strict'
import { toApiDate } from '../../domain/dates.js'
import { testApp } from '../../test/test-app.js'
import { changeStatus } from './status-change.js'
import { codes, readModel, readTask, seedModel, seedTask, whoAmI } from './status-test-fixtures.js'

test('tasks.started moves a created task to in_progress and reports started=1', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  const res = await app.ok('tasks.started', { task: id, status_reason: 'r', status_message: 'm' })
  assert.equal(res.updated, 1)
  assert.equal(res.started, 1)
  assert.equal(res.fields.status, 'in_progress')
  assert.equal(res.fields.status_reason, 'r')
  assert.equal(res.fields.status_message, 'm')
  const task = await readTask(app, id)
  assert.equal(task.status, 'in_progress')
  assert.ok(task.started)
  assert.equal(task.last_changed_by, (await whoAmI(app)).user)
})

test('tasks.started keeps an earlier started date', async (t) => {
  const app = await testApp(t)
  const early = toApiDate(new Date('2020-01-01T00:00:00Z'))
  const id = await seedTask(app, { status: 'in_progress', started: early })
  await app.ok('tasks.started', { task: id })
  assert.equal((await readTask(app, id)).started, early)
})

test('tasks.started answers 400/101 for an unknown task and 400/12 without a task', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('tasks.started', { task: 'missing' })), [400, 101])
  assert.deepEqual(codes(await app.call('tasks.started', {})), [400, 12])
})

test('tasks.started answers 403/21 for a public task', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { company: '' })
  assert.deepEqual(codes(await app.call('tasks.started', { task: id })), [403, 21])
})

test('tasks.started answers 400/110 for a published task unless forced', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { status: 'published' })
  assert.deepEqual(codes(await app.call('tasks.started', { task: id })), [400, 110])
  assert.equal((await readTask(app, id)).status, 'published')
  const res = await app.ok('tasks.started', { task: id, force: true })
  assert.equal(res.fields.status, 'in_progress')
})

test('tasks.stopped sets stopped and the completed date', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { status: 'in_progress' })
  const res = await app.ok('tasks.stopped', { task: id })
  assert.equal(res.fields.status, 'stopped')
  const task = await readTask(app, id)
  assert.equal(task.status, 'stopped')
  assert.ok(task.completed)
})

test('tasks.stopped answers 400/110 for a created task', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  assert.deepEqual(codes(await app.call('tasks.stopped', { task: id })), [400, 110])
})

test('tasks.failed marks a running task failed; 400/110 from created', async (t) => {
  const app = await testApp(t)
  const running = await seedTask(app, { status: 'in_progress' })
  assert.equal((await app.ok('tasks.failed', { task: running, status_reason: 'exit code 1' })).fields.status, 'failed')
  assert.equal((await readTask(app, running)).status_reason, 'exit code 1')
  const created = await seedTask(app)
  assert.deepEqual(codes(await app.call('tasks.failed', { task: created })), [400, 110])
  assert.deepEqual(codes(await app.call('tasks.failed', { task: 'missing' })), [400, 101])
})

test('tasks.close closes a stopped task; 400/110 from in_progress', async (t) => {
  const app = await testApp(t)
  const stopped = await seedTask(app, { status: 'stopped' })
  assert.equal((await app.ok('tasks.close', { task: stopped })).fields.status, 'closed')
  const running = await seedTask(app, { status: 'in_progress' })
  assert.deepEqual(codes(await app.call('tasks.close', { task: running })), [400, 110])
  assert.deepEqual(codes(await app.call('tasks.close', { task: 'missing' })), [400, 101])
})

test('tasks.completed completes, then with publish=true also publishes', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { status: 'in_progress' })
  const res = await app.ok('tasks.completed', { task: id })
  assert.deepEqual([res.updated, res.published, res.fields.status], [1, 0, 'completed'])
  assert.ok((await readTask(app, id)).completed)
  const again = await app.ok('tasks.completed', { task: id, publish: true })
  assert.deepEqual([again.updated, again.published, again.fields.status], [1, 1, 'published'])
  assert.equal((await readTask(app, id)).status, 'published')
})

test('tasks.completed answers 400/110 from created, 400/101 unknown, 404 below version 2.2', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  assert.deepEqual(codes(await app.call('tasks.completed', { task: id })), [400, 110])
  assert.deepEqual(codes(await app.call('tasks.completed', { task: 'missing' })), [400, 101])
  assert.equal((await app.call('tasks.completed', { task: id }, { version: '2.1' })).status, 404)
})

test('tasks.ping refreshes last_update and the active duration of a running task', async (t) => {
  const app = await testApp(t)
  const started = new Date(Date.now() - 60_000)
  const id = await seedTask(app, { status: 'in_progress', started: toApiDate(started), last_update: toApiDate(started) })
  assert.deepEqual(await app.ok('tasks.ping', { task: id }), {})
  const task = await readTask(app, id)
  assert.ok((task.active_duration ?? 0) >= 59)
  assert.ok(task.last_update! > toApiDate(started))
})

test('tasks.ping ignores an unknown task (as ClearML) and answers 400/12 without a task', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(await app.ok('tasks.ping', { task: 'missing' }), {})
  assert.deepEqual(codes(await app.call('tasks.ping', {})), [400, 12])
})

test('changeStatus answers 400/121 when the stored status changed since it was read', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  const me = await whoAmI(app)
  const identity = { user: me.user, company: me.company, role: 'admin' as const, userName: me.name, companyName: '' }
  const stale = await readTask(app, id)
  await app.ok('tasks.started', { task: id })
  await assert.rejects(
    app.app.store.transaction((tx) => changeStatus(tx, stale, 'queued', { identity, now: new Date() })),
    (e: { code: number; subcode: number }) => e.code === 400 && e.subcode === 121,
  )
})

test('tasks.publish publishes a stopped task and its unpublished output model', async (t) => {
  const app = await testApp(t)
  const model = await seedModel(app)
  const id = await seedTask(app, { status: 'stopped', models: { input: [], output: [{ name: 'out', model }] } })
  const res = await app.ok('tasks.publish', { task: id })
  assert.equal(res.updated, 1)
  assert.equal(res.fields.status, 'published')
  assert.ok(res.fields.published)
  assert.equal((await readModel(app, model))?.ready, true)
  assert.ok((await readTask(app, id)).published)
})

test('tasks.publish with publish_model=false leaves the model as it is', async (t) => {
  const app = await testApp(t)
  const model = await seedModel(app)
  const id = await seedTask(app, { status: 'stopped', models: { input: [], output: [{ name: 'out', model }] } })
  await app.ok('tasks.publish', { task: id, publish_model: false })
  assert.equal((await readModel(app, model))?.ready, false)
})

test('tasks.publish answers 400/110 for a running task unless forced, 400/101 unknown, 403/21 public', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { status: 'in_progress' })
  assert.deepEqual(codes(await app.call('tasks.publish', { task: id })), [400, 110])
  assert.equal((await readTask(app, id)).status, 'in_progress')
  assert.equal((await app.ok('tasks.publish', { task: id, force: true })).fields.status, 'published')
  assert.deepEqual(codes(await app.call('tasks.publish', { task: 'missing' })), [400, 101])
  const shared = await seedTask(app, { company: '', status: 'stopped' })
  assert.deepEqual(codes(await app.call('tasks.publish', { task: shared })), [403, 21])
})

test('tasks.publish_many reports published ids and per-id failures', async (t) => {
  const app = await testApp(t)
  const a = await seedTask(app, { status: 'stopped' })
  const b = await seedTask(app, { status: 'created' })
  const res = await app.ok('tasks.publish_many', { ids: [a, b, 'missing'], publish_model: false })
  assert.deepEqual(res.succeeded.map((s: { id: string }) => s.id), [a])
  assert.equal(res.succeeded[0].updated, 1)
  assert.equal(res.succeeded[0].fields.status, 'published')
  assert.deepEqual(res.failed.map((f: { id: string; error: { codes: number[] } }) => [f.id, f.error.codes]),
    [[b, [400, 110]], ['missing', [400, 101]]])
  assert.deepEqual(codes(await app.call('tasks.publish_many', { ids: [] })), [400, 12])
})
