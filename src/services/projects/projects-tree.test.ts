import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createProject, readModel, readProject, readTask, seedModel, seedTask } from './project-test-kit.js'

const nameOf = async (app: Awaited<ReturnType<typeof testApp>>, id: string): Promise<string> =>
  (await app.ok('projects.get_by_id', { project: id })).project.name

test('projects.move moves the project and its subtree, creating the new location', async (t) => {
  const app = await testApp(t)
  const p1 = await createProject(app, 'Root1/Pr1')
  const child = await createProject(app, 'Root1/Pr1/Pr2')
  assert.equal((await app.ok('projects.move', { project: p1, new_location: 'Root2/Sub' })).moved, 2)
  assert.equal(await nameOf(app, child), 'Root2/Sub/Pr1/Pr2')
  const moved = await readProject(app, p1)
  const newParent = await readProject(app, moved!.parent!)
  assert.equal(newParent?.name, 'Root2/Sub')
  assert.deepEqual(moved?.path, [...newParent!.path, newParent!.id])
  assert.deepEqual((await readProject(app, child))?.path, [...moved!.path, p1])
  assert.equal((await app.ok('projects.move', { project: p1, new_location: '' })).moved, 2)
  assert.equal(await nameOf(app, child), 'Pr1/Pr2')
  assert.equal((await readProject(app, p1))?.parent, null)
})

test('projects.move answers 400/410 for the same location and 400/411 under itself', async (t) => {
  const app = await testApp(t)
  const p1 = await createProject(app, 'Root1/Pr1')
  await createProject(app, 'Root1/Pr1/Pr2')
  assert.deepEqual(codes(await app.call('projects.move', { project: p1, new_location: 'Root1' })), [400, 410])
  assert.deepEqual(codes(await app.call('projects.move', { project: p1, new_location: 'Root1/Pr1/Pr2' })), [400, 411])
  assert.deepEqual(codes(await app.call('projects.move', { project: p1, new_location: 'Root1/Pr1/New' })), [400, 411])
  // the refused move left nothing behind
  const all = await app.ok('projects.get_all', { name: 'New' })
  assert.equal(all.projects.length, 0)
  assert.deepEqual(codes(await app.call('projects.move', { project: 'nope', new_location: 'X12' })), [400, 401])
})

test('projects.move answers 400/409 when the subtree would exceed ten levels', async (t) => {
  const app = await testApp(t)
  const p1 = await createProject(app, 'Deep1/a1')
  await createProject(app, 'Deep1/a1/a2')
  const location = Array.from({ length: 9 }, (_, i) => `lvl${i}`).join('/')
  // a1 would sit at level 10 and its child a2 at 11
  assert.deepEqual(codes(await app.call('projects.move', { project: p1, new_location: location })), [400, 409])
  assert.equal((await app.ok('projects.move', { project: p1, new_location: 'lvl0/lvl1' })).moved, 2)
})

test('projects.merge moves active tasks, models and sub-projects into the destination and deletes the source', async (t) => {
  const app = await testApp(t)
  const dest = await createProject(app, 'Root2/Dest')
  const source = await createProject(app, 'Root1/Pr3')
  const child = await createProject(app, 'Root1/Pr3/Pr4')
  const grandchild = await createProject(app, 'Root1/Pr3/Pr4/Pr5')
  const active = await seedTask(app, { project: source })
  const archived = await seedTask(app, { project: source, system_tags: ['archived'] })
  const model = await seedModel(app, { project: source })
  const res = await app.ok('projects.merge', { project: source, destination_project: dest })
  assert.deepEqual(res, { moved_entities: 2, moved_projects: 1 })
  assert.equal(await nameOf(app, child), 'Root2/Dest/Pr4')
  assert.equal(await nameOf(app, grandchild), 'Root2/Dest/Pr4/Pr5')
  assert.equal((await readProject(app, grandchild))?.path.includes(dest), true)
  assert.equal((await readTask(app, active))?.project, dest)
  assert.equal((await readTask(app, archived))?.project, source)
  assert.equal((await readModel(app, model))?.project, dest)
  assert.deepEqual(codes(await app.call('projects.get_by_id', { project: source })), [400, 401])
})

test('projects.merge answers 400/410 onto itself, 400/412 into its child, 400/401 for unknown ids', async (t) => {
  const app = await testApp(t)
  const source = await createProject(app, 'Root1/Pr3')
  const child = await createProject(app, 'Root1/Pr3/Pr4')
  assert.deepEqual(codes(await app.call('projects.merge', { project: source, destination_project: source })), [400, 410])
  assert.deepEqual(codes(await app.call('projects.merge', { project: source, destination_project: child })), [400, 412])
  assert.deepEqual(codes(await app.call('projects.merge', { project: 'nope', destination_project: child })), [400, 401])
  assert.deepEqual(codes(await app.call('projects.merge', { project: source, destination_project: 'nope' })), [400, 401])
})

test('projects.merge without a destination moves the children to the top level', async (t) => {
  const app = await testApp(t)
  const source = await createProject(app, 'Root1/Pr3')
  const child = await createProject(app, 'Root1/Pr3/Pr4')
  assert.deepEqual(await app.ok('projects.merge', { project: source }), { moved_entities: 0, moved_projects: 1 })
  assert.equal(await nameOf(app, child), 'Pr4')
})
