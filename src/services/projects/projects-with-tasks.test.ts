// The projects service together with the real tasks endpoints, as ClearML's own test suite drives them.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createProject } from './project-test-kit.js'

test('a project\'s stats follow tasks run through tasks.started / tasks.stopped; delete needs force (400/402)', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Test tags', { system_tags: ['default'] })
  const task = (await app.ok('tasks.create', { name: 'Tags test1', type: 'testing', project })).id
  await app.ok('tasks.started', { task })
  await app.ok('tasks.stopped', { task })
  await app.ok('tasks.create', { name: 'Tags test2', type: 'testing', project, system_tags: ['archived'] })
  const [p] = (await app.ok('projects.get_all_ex', { name: 'Test tags', include_stats: true })).projects
  assert.deepEqual(Object.keys(p.stats), ['active'])
  assert.equal(p.stats.active.total_tasks, 1)
  assert.equal(p.stats.active.completed_tasks_24h, 1)
  for (const [status, count] of Object.entries(p.stats.active.status_count)) assert.equal(count, status === 'stopped' ? 1 : 0)
  assert.deepEqual(codes(await app.call('projects.delete', { project })), [400, 402])
  const res = await app.ok('projects.delete', { project, force: true })
  assert.equal(res.disassociated_tasks, 2)
  assert.equal((await app.ok('tasks.get_by_id', { task })).task.project ?? null, null)
})

test('task tags per project follow tasks.edit moves and tasks.delete', async (t) => {
  const app = await testApp(t)
  const p1 = await createProject(app, 'Test tags1')
  const p2 = await createProject(app, 'Test tasks2')
  const t11 = (await app.ok('tasks.create', { name: 'task 1 1', type: 'testing', project: p1, tags: ['Test tag 1'] })).id
  const t12 = (await app.ok('tasks.create', { name: 'task 1 2', type: 'testing', project: p1, tags: ['Test tag 2'] })).id
  const t2 = (await app.ok('tasks.create', { name: 'task 2', type: 'testing', project: p2, tags: ['Test tag 3'] })).id
  await app.ok('tasks.edit', { task: t12, project: p2 })
  assert.deepEqual((await app.ok('projects.get_task_tags', { projects: [p1] })).tags, ['Test tag 1'])
  assert.deepEqual((await app.ok('projects.get_task_tags', { projects: [p2] })).tags, ['Test tag 2', 'Test tag 3'])
  await app.ok('tasks.delete', { task: t11, force: true })
  await app.ok('tasks.delete', { task: t2, force: true })
  assert.deepEqual((await app.ok('projects.get_task_tags', { projects: [p1, p2] })).tags, ['Test tag 2'])
})

test('tasks.move with a project name creates the project that projects.get_all_ex then finds', async (t) => {
  const app = await testApp(t)
  const task = (await app.ok('tasks.create', { name: 'test move', type: 'training' })).id
  const project = (await app.ok('tasks.move', { ids: [task], project_name: 'test move' }, { version: '2.12' })).project_id
  const [p] = (await app.ok('projects.get_all_ex', { id: [project] })).projects
  assert.equal(p.name, 'test move')
  const parents = await app.ok('projects.get_task_parents', { projects: [project] })
  assert.deepEqual(parents.parents, [])
})
