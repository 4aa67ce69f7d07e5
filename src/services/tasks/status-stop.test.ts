import { test } from 'node:test'
import assert from 'node:assert/strict'
import { toApiDate } from '../../domain/dates.js'
import { testApp } from '../../test/test-app.js'
import { codes, readQueue, readTask, seedQueue, seedTask, whoAmI } from './status-test-fixtures.js'

test('tasks.stop stops a running task without a worker: stopped, "Stopped by <user>"', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { status: 'in_progress' })
  const res = await app.ok('tasks.stop', { task: id, status_reason: 'abort' })
  assert.equal(res.updated, 1)
  assert.equal(res.fields.status, 'stopped')
  assert.equal(res.fields.status_message, `Stopped by ${(await whoAmI(app)).name}`)
  assert.equal(res.fields.status_reason, 'abort')
})

test('tasks.stop leaves a task run by a live worker in_progress with status_message "stopping"', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { status: 'in_progress', last_worker: 'worker1', last_update: toApiDate(new Date()) })
  const res = await app.ok('tasks.stop', { task: id })
  assert.equal(res.fields.status, 'in_progress')
  assert.equal(res.fields.status_message, 'stopping')
  assert.equal((await readTask(app, id)).status_message, 'stopping')
})

test('tasks.stop treats a worker silent for longer than task_update_timeout as gone', async (t) => {
  const app = await testApp(t)
  const old = toApiDate(new Date(Date.now() - 601_000))
  const id = await seedTask(app, { status: 'in_progress', last_worker: 'worker1', last_update: old })
  assert.equal((await app.ok('tasks.stop', { task: id })).fields.status, 'stopped')
})

test('tasks.stop stops a development task at once even with a live worker', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, {
    status: 'in_progress', system_tags: ['development'], last_worker: 'w', last_update: toApiDate(new Date()),
  })
  assert.equal((await app.ok('tasks.stop', { task: id })).fields.status, 'stopped')
})

test('tasks.stop takes a queued task out of its queue and stops it', async (t) => {
  const app = await testApp(t)
  const queue = await seedQueue(app, 'stop-q')
  const id = await seedTask(app)
  await app.ok('tasks.enqueue', { task: id, queue })
  assert.equal((await app.ok('tasks.stop', { task: id })).fields.status, 'stopped')
  assert.deepEqual((await readQueue(app, queue))?.entries, [])
})

test('tasks.stop answers 400/110 for a created task, 400/101 unknown, 403/21 public', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  assert.deepEqual(codes(await app.call('tasks.stop', { task: id })), [400, 110])
  assert.equal((await app.ok('tasks.stop', { task: id, force: true })).fields.status, 'stopped')
  assert.deepEqual(codes(await app.call('tasks.stop', { task: 'missing' })), [400, 101])
  const shared = await seedTask(app, { company: '', status: 'in_progress' })
  assert.deepEqual(codes(await app.call('tasks.stop', { task: shared })), [403, 21])
})

test('tasks.stop with include_pipeline_steps stops the steps of a controller', async (t) => {
  const app = await testApp(t)
  const controller = await seedTask(app, { status: 'in_progress', type: 'controller' })
  const step = await seedTask(app, { status: 'in_progress', parent: controller })
  await app.ok('tasks.stop', { task: controller, include_pipeline_steps: true })
  assert.equal((await readTask(app, step)).status, 'stopped')
  assert.equal((await readTask(app, controller)).status, 'stopped')
})

test('tasks.stop_many stops what it can and lists the failures', async (t) => {
  const app = await testApp(t)
  const a = await seedTask(app, { status: 'in_progress' })
  const b = await seedTask(app, { status: 'in_progress' })
  const res = await app.ok('tasks.stop_many', { ids: [a, b, 'missing'] })
  assert.deepEqual(res.succeeded.map((s: { id: string }) => s.id), [a, b])
  assert.equal(res.succeeded[0].fields.status, 'stopped')
  assert.deepEqual(res.failed.map((f: { id: string; error: { codes: number[] } }) => [f.id, f.error.codes]), [['missing', [400, 101]]])
  assert.deepEqual(codes(await app.call('tasks.stop_many', {})), [400, 12])
  assert.equal((await app.call('tasks.stop_many', { ids: [a] }, { version: '2.12' })).status, 404)
})
