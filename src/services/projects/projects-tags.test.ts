import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createProject, seedModel, seedTask } from './project-test-kit.js'

test('projects.get_project_tags lists the projects\' own tags, filtered by system tags', async (t) => {
  const app = await testApp(t)
  const p1 = await createProject(app, 'Test project tags1', { tags: ['Tag 1', 'Tag 2'] })
  const p2 = await createProject(app, 'Test project tags2', { tags: ['Tag 1', 'Tag 3'], system_tags: ['hidden'] })
  assert.deepEqual(await app.ok('projects.get_project_tags', { projects: [p1, p2] }),
    { tags: ['Tag 1', 'Tag 2', 'Tag 3'], system_tags: [] })
  const visible = await app.ok('projects.get_project_tags', { projects: [p1, p2], filter: { system_tags: ['__$not', 'hidden'] } })
  assert.deepEqual(visible.tags, ['Tag 1', 'Tag 2'])
  assert.deepEqual((await app.ok('projects.get_project_tags', { include_system: true })).system_tags, ['hidden'])
})

test('projects.get_task_tags and get_model_tags list tags per project, sub-projects included', async (t) => {
  const app = await testApp(t)
  const p1 = await createProject(app, 'Test tags1')
  const child = await createProject(app, 'Test tags1/child')
  const p2 = await createProject(app, 'Test tasks2')
  await seedTask(app, { project: p1, tags: ['Test tag 1'] })
  await seedTask(app, { project: child, tags: ['Test tag 2'], system_tags: ['archived'] })
  await seedTask(app, { project: p2, tags: ['Test tag 3', 'Test tag 4'] })
  await seedModel(app, { project: p2, tags: ['Model tag'] })
  assert.deepEqual(await app.ok('projects.get_task_tags', { projects: [p1] }, { version: '2.8' }), { tags: ['Test tag 1', 'Test tag 2'] })
  assert.deepEqual(await app.ok('projects.get_model_tags', { projects: [p1] }), { tags: [] })
  assert.deepEqual(await app.ok('projects.get_model_tags', { projects: [p2] }), { tags: ['Model tag'] })
  assert.deepEqual(await app.ok('projects.get_task_tags', { projects: [p1, p2], include_system: true }),
    { tags: ['Test tag 1', 'Test tag 2', 'Test tag 3', 'Test tag 4'], system_tags: ['archived'] })
  const active = await app.ok('projects.get_task_tags', { projects: [p1], filter: { system_tags: ['-archived'] } })
  assert.deepEqual(active.tags, ['Test tag 1'])
  assert.deepEqual(codes(await app.call('projects.get_task_tags', {}, { version: '2.7' })), [404, 0])
  assert.deepEqual(codes(await app.call('projects.get_task_tags', { filter: { tags: ['__$nope', 'x'] } })), [400, 16])
})
