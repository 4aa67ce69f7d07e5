import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp, USER } from '../../test/test-app.js'
import { codes, createProject, me, readProject } from './project-test-kit.js'

test('projects.create stores a nested name with its parents auto-created', async (t) => {
  const app = await testApp(t)
  const id = await createProject(app, ' Root1 // Pr1 / Pr2 ', { tags: ['b', 'a'], system_tags: ['x'], default_output_destination: 's3://b' })
  const { project } = await app.ok('projects.get_by_id', { project: id })
  assert.equal(project.name, 'Root1/Pr1/Pr2')
  assert.equal(project.basename, 'Pr2')
  assert.deepEqual(project.tags, ['a', 'b'])
  assert.deepEqual(project.system_tags, ['x'])
  assert.equal(project.default_output_destination, 's3://b')
  assert.equal(project.description, '')
  assert.equal(project.path, undefined)
  const stored = await readProject(app, id)
  assert.equal(stored?.path.length, 2)
  const parent = await app.ok('projects.get_by_id', { project: project.parent })
  assert.equal(parent.project.name, 'Root1/Pr1')
  assert.equal(parent.project.parent, stored?.path[0])
  const root = await app.ok('projects.get_by_id', { project: stored?.path[0] })
  assert.equal(root.project.parent, undefined)
  assert.equal(root.project.name, 'Root1')
})

test('projects.create answers 400/407 for an empty or too short name, 400/11 without a name', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('projects.create', { name: '/' })), [400, 407])
  assert.deepEqual(codes(await app.call('projects.create', { name: 'ab' })), [400, 407])
  assert.deepEqual(codes(await app.call('projects.create', { name: 'ab/cdef' })), [400, 407])
  assert.deepEqual(codes(await app.call('projects.create', { description: 'x' })), [400, 11])
})

test('projects.create answers 400/409 beyond ten levels and 400/801 for a taken name', async (t) => {
  const app = await testApp(t)
  const deep = Array.from({ length: 11 }, (_, i) => `level${i}`).join('/')
  assert.deepEqual(codes(await app.call('projects.create', { name: deep })), [400, 409])
  await createProject(app, 'Taken/Name')
  assert.deepEqual(codes(await app.call('projects.create', { name: 'Taken/Name' })), [400, 801])
  assert.deepEqual(codes(await app.call('projects.create', { name: 'Taken' })), [400, 801])
})

test('projects.create answers 400/16 for a tag starting with __$', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('projects.create', { name: 'Bad tags', tags: ['__$all'] })), [400, 16])
})

test('projects.create answers 400/414 when a public project has the name', async (t) => {
  const app = await testApp(t)
  const id = await createProject(app, 'Shared examples')
  await app.ok('projects.make_public', { ids: [id] })
  assert.deepEqual(codes(await app.call('projects.create', { name: 'Shared examples' })), [400, 414])
  assert.deepEqual(codes(await app.call('projects.create', { name: 'Shared examples/mine' })), [400, 414])
})

test('projects.get_by_id answers 400/401 for an unknown id and for another company\'s project', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('projects.get_by_id', { project: 'nope' })), [400, 401])
  assert.deepEqual(codes(await app.call('projects.get_by_id', {})), [400, 12])
  const id = await createProject(app, 'Mine only')
  await app.app.store.transaction(async (tx) => {
    const p = await tx.projects.get(id)
    await tx.projects.update({ ...p!, company: 'other-company' })
  })
  assert.deepEqual(codes(await app.call('projects.get_by_id', { project: id })), [400, 401])
})

test('projects.update renames the project and its sub-projects', async (t) => {
  const app = await testApp(t)
  const p1 = await createProject(app, 'Root1/Pr1')
  const child = await createProject(app, 'Root1/Pr1/Pr2')
  const res = await app.ok('projects.update', { project: p1, name: 'Root1/Renamed', description: 'd', tags: ['z', 'y'] })
  assert.equal(res.updated, 1)
  assert.deepEqual(res.fields, { name: 'Root1/Renamed', description: 'd', tags: ['y', 'z'] })
  const p = (await app.ok('projects.get_by_id', { project: p1 })).project
  assert.equal(p.basename, 'Renamed')
  assert.equal(p.description, 'd')
  assert.equal((await app.ok('projects.get_by_id', { project: child })).project.name, 'Root1/Renamed/Pr2')
})

test('projects.update answers 400/408 when the name would move the project', async (t) => {
  const app = await testApp(t)
  const p1 = await createProject(app, 'Root1/Pr1')
  assert.deepEqual(codes(await app.call('projects.update', { project: p1, name: 'Root2/Pr1' })), [400, 408])
  assert.deepEqual(codes(await app.call('projects.update', { project: p1, name: 'Pr1' })), [400, 408])
})

test('projects.update answers 400/801 for a taken name and 400/401 for an unknown project', async (t) => {
  const app = await testApp(t)
  await createProject(app, 'Test name1')
  const p2 = await createProject(app, 'Test name2')
  assert.deepEqual(codes(await app.call('projects.update', { project: p2, name: 'Test name1' })), [400, 801])
  assert.equal((await app.ok('projects.get_by_id', { project: p2 })).project.name, 'Test name2')
  assert.deepEqual(codes(await app.call('projects.update', { project: 'nope', name: 'xyz' })), [400, 401])
  assert.deepEqual(codes(await app.call('projects.update', { project: p2, tags: ['__$not'] })), [400, 16])
})

test('projects.make_public makes a project readable but not writable (403/21); make_private reverts it', async (t) => {
  const app = await testApp(t)
  const p1 = await createProject(app, 'Test public')
  assert.deepEqual(codes(await app.call('projects.make_private', { ids: [p1] }, { version: '2.9' })), [400, 401])
  assert.equal((await app.ok('projects.make_public', { ids: [p1] }, { version: '2.9' })).updated, 1)
  const stored = await readProject(app, p1)
  assert.equal(stored?.company, '')
  assert.equal(stored?.company_origin, (await me(app)).company)
  const res = await app.ok('projects.get_all', { id: [p1] }, { version: '2.9' })
  assert.deepEqual(res.projects.map((p: { id: string }) => p.id), [p1])
  assert.deepEqual(codes(await app.call('projects.update', { project: p1, name: 'Test public 1' })), [403, 21])
  assert.equal((await app.ok('projects.make_private', { ids: [p1] }, { version: '2.9' })).updated, 1)
  await app.ok('projects.update', { project: p1, name: 'Test public 2' })
  assert.equal((await readProject(app, p1))?.company_origin, undefined)
  assert.deepEqual(codes(await app.call('projects.make_public', { ids: [p1, 'missing'] })), [400, 401])
  assert.deepEqual(codes(await app.call('projects.make_public', { ids: [p1] }, { version: '2.8' })), [404, 0])
})

test('projects of another user of the same company are shared', async (t) => {
  const app = await testApp(t)
  const token = await app.login(USER.username, USER.password)
  const id = (await app.ok('projects.create', { name: 'By Jane' }, { token })).id
  assert.equal((await app.ok('projects.get_by_id', { project: id })).project.user, (await me(app, token)).user)
})

test('old clients (API < 2.3) send and read system tags in tags', async (t) => {
  const app = await testApp(t)
  const id = (await app.ok('projects.create', { name: 'Old tags', tags: ['public', 'test'] }, { version: '2.2' })).id
  const stored = await readProject(app, id)
  assert.deepEqual(stored?.tags, ['test'])
  assert.deepEqual(stored?.system_tags, ['public'])
  const old = await app.ok('projects.get_by_id', { project: id }, { version: '2.2' })
  assert.deepEqual(old.project.tags, ['public', 'test'])
  const none = await app.ok('projects.get_all', { name: 'Old tags', tags: ['-public'] }, { version: '2.2' })
  assert.equal(none.projects.length, 0)
})
