import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createProject, createTask, getTask } from './crud-test-kit.js'

test('tasks.archive tags tasks archived, dequeues a queued one and keeps other system tags', async (t) => {
  const app = await testApp(t)
  const { id: queue } = await app.ok('queues.create', { name: 'archive test queue' })
  const idle = await createTask(app, { system_tags: ['keep'] })
  const queued = await createTask(app, { system_tags: ['keep'] })
  await app.ok('tasks.enqueue', { task: queued, queue })
  const res = await app.ok('tasks.archive', { tasks: [queued, idle], status_message: 'msg', status_reason: 'why' })
  assert.deepEqual(res, { archived: 2 })
  for (const id of [queued, idle]) {
    const task = await getTask(app, id)
    assert.deepEqual(task.system_tags, ['archived', 'keep'])
    assert.equal(task.status_message, 'msg')
    assert.equal(task.status_reason, 'why')
  }
  assert.equal((await getTask(app, queued)).status, 'created')
  assert.deepEqual((await app.ok('queues.get_by_id', { queue })).queue.entries, [])
})

test('tasks.archive stops a running task and answers 400/101 for an unknown id', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  await app.ok('tasks.started', { task: id })
  assert.deepEqual(codes(await app.call('tasks.archive', { tasks: [id, 'fake-task-id'] })), [400, 101])
  assert.equal((await getTask(app, id)).status, 'in_progress')
  await app.ok('tasks.archive', { tasks: [id] })
  assert.equal((await getTask(app, id)).status, 'stopped')
})

test('tasks.archive_many and unarchive_many report each id', async (t) => {
  const app = await testApp(t)
  const ids = [await createTask(app), await createTask(app)]
  const archived = await app.ok('tasks.archive_many', { ids: [...ids, 'missing'] })
  assert.deepEqual(archived.succeeded, ids.map((id) => ({ id, archived: true })))
  assert.deepEqual(archived.failed.map((f: any) => [f.id, f.error.codes]), [['missing', [400, 101]]])
  const listed = await app.ok('tasks.get_all_ex', { id: ids })
  assert.ok(listed.tasks.every((x: any) => x.system_tags.includes('archived')))
  const unarchived = await app.ok('tasks.unarchive_many', { ids: [...ids, 'missing'] })
  assert.deepEqual(unarchived.succeeded, ids.map((id) => ({ id, unarchived: true })))
  assert.equal(unarchived.failed.length, 1)
  assert.ok((await app.ok('tasks.get_all_ex', { id: ids })).tasks.every((x: any) => !x.system_tags.includes('archived')))
})

test('tasks.move moves tasks into a project by name, by id, or to the top level', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  const { project_id: created } = await app.ok('tasks.move', { ids: [id], project_name: 'test move' })
  assert.equal((await getTask(app, id)).project, created)
  const other = await createProject(app, 'move target')
  assert.deepEqual(await app.ok('tasks.move', { ids: [id], project: other }), { project_id: other })
  assert.deepEqual(await app.ok('tasks.move', { ids: [id], project: null }), { project_id: null })
  assert.equal((await getTask(app, id)).project, null)
})

test('tasks.move answers 400/11 without a target, 400/401 for an unknown project, 400/101 for an unknown task', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  assert.deepEqual(codes(await app.call('tasks.move', { ids: [id] })), [400, 11])
  assert.deepEqual(codes(await app.call('tasks.move', { ids: [id], project: 'nope' })), [400, 401])
  assert.deepEqual(codes(await app.call('tasks.move', { ids: ['missing'], project: null })), [400, 101])
})

test('tasks.update_tags adds and removes tags', async (t) => {
  const app = await testApp(t)
  const ids = [await createTask(app, { tags: ['a', 'b'] }), await createTask(app)]
  const res = await app.ok('tasks.update_tags', { ids, add_tags: ['c'], remove_tags: ['a'] })
  assert.deepEqual(res, { updated: 4 })
  assert.deepEqual((await getTask(app, ids[0])).tags, ['b', 'c'])
  assert.deepEqual((await getTask(app, ids[1])).tags, ['c'])
})

test('tasks.update_tags answers 400/12 with nothing to do and 400/101 for an unknown task', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  assert.deepEqual(codes(await app.call('tasks.update_tags', { ids: [id] })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.update_tags', { add_tags: ['x'] })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.update_tags', { ids: ['missing'], add_tags: ['x'] })), [400, 101])
})

test('tasks.make_public makes a task readable but not writable; make_private undoes it', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  await app.ok('tasks.started', { task: id })
  assert.deepEqual(codes(await app.call('tasks.make_private', { ids: [id] })), [400, 101])
  assert.deepEqual(await app.ok('tasks.make_public', { ids: [id] }), { updated: 1 })
  assert.deepEqual((await app.ok('tasks.get_all_ex', { id: [id] })).tasks.map((x: any) => x.id), [id])
  assert.deepEqual(codes(await app.call('tasks.stopped', { task: id })), [403, 21])
  assert.deepEqual(codes(await app.call('tasks.make_public', { ids: [id] })), [400, 101])
  assert.deepEqual(await app.ok('tasks.make_private', { ids: [id] }), { updated: 1 })
  await app.ok('tasks.stopped', { task: id })
})

test('tasks.make_public answers 404 below API 2.9', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  assert.equal((await app.call('tasks.make_public', { ids: [id] }, { version: '2.8' })).status, 404)
})

test('tasks in a public project cannot be created: 403/21', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Public one')
  await app.app.store.transaction(async (tx) => {
    const doc = await tx.projects.get(project)
    if (doc) await tx.projects.update({ ...doc, company: '' })
  })
  assert.deepEqual(codes(await app.call('tasks.create', { name: 'test', type: 'testing', project })), [403, 21])
})
