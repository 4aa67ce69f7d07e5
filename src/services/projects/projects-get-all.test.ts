import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createProject } from './project-test-kit.js'

const ids = (res: { projects: { id: string }[] }): string[] => res.projects.map((p) => p.id)

test('projects.get_all_ex searches by name globally or one level with shallow_search', async (t) => {
  const app = await testApp(t)
  const project1 = await createProject(app, 'project1')
  const project2 = await createProject(app, 'project1/project2')
  await createProject(app, 'project3')
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { name: 'project1', shallow_search: true })), [project1])
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { name: 'project1', parent: [project1] })), [project2])
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { basename: 'project2', shallow_search: true })), [])
  assert.deepEqual(new Set(ids(await app.ok('projects.get_all_ex', { name: 'project1' }))), new Set([project1, project2]))
  const project4 = await createProject(app, 'project1/project2/project1')
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { name: 'project1', parent: [project2] })), [project4])
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { basename: 'project2' })), [project2])
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { parent: [project1], shallow_search: true })), [project2])
})

test('projects.get_all with shallow_search lists the top level only', async (t) => {
  const app = await testApp(t)
  await createProject(app, 'top1/inner')
  const top2 = await createProject(app, 'top2')
  const names = (await app.ok('projects.get_all', { shallow_search: true })).projects.map((p: { name: string }) => p.name)
  assert.deepEqual(names.sort(), ['top1', 'top2'])
  const one = await app.ok('projects.get_all', { id: top2, only_fields: ['name'] })
  assert.deepEqual(one.projects, [{ id: top2, name: 'top2' }])
})

test('hidden projects are left out unless search_hidden or their id is given', async (t) => {
  const app = await testApp(t)
  const hidden = await createProject(app, 'Visible/.datasets', { system_tags: ['hidden'] })
  assert.equal(ids(await app.ok('projects.get_all_ex', { name: 'datasets' })).length, 0)
  assert.equal(ids(await app.ok('projects.get_all', { name: 'datasets' })).length, 0)
  const found = await app.ok('projects.get_all_ex', { name: 'datasets', search_hidden: true, only_fields: ['name'] })
  assert.deepEqual(found.projects, [{ id: hidden, name: 'Visible/.datasets', hidden: true }])
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { id: [hidden] })), [hidden])
  assert.deepEqual(ids(await app.ok('projects.get_all', { search_hidden: true, name: 'datasets' })), [hidden])
})

test('projects.get_all_ex returns parent as a reference and joins parent.name', async (t) => {
  const app = await testApp(t)
  const child = await createProject(app, 'Aggregation/Pr1')
  const [plain] = (await app.ok('projects.get_all_ex', { id: [child] })).projects
  assert.equal(typeof plain.parent.id, 'string')
  assert.equal(plain.parent.name, undefined)
  assert.equal(typeof plain.user.id, 'string')
  assert.equal(typeof plain.company.id, 'string')
  const [withUser] = (await app.ok('projects.get_all_ex', { id: [child], only_fields: ['user.name'] })).projects
  assert.deepEqual(withUser, { id: child, user: { id: plain.user.id, name: 'Ada Admin' } })
  const [joined] = (await app.ok('projects.get_all_ex', { id: [child], only_fields: ['basename', 'parent.name'] })).projects
  assert.deepEqual(joined, { id: child, basename: 'Pr1', parent: { id: plain.parent.id, name: 'Aggregation' } })
  const [flat] = (await app.ok('projects.get_all', { id: [child] })).projects
  assert.equal(flat.parent, plain.parent.id)
})

test('projects.get_all_ex filters by tags with the list operators', async (t) => {
  const app = await testApp(t)
  const a = await createProject(app, 'Tagged A', { tags: ['t1', 't2'] })
  const b = await createProject(app, 'Tagged B', { tags: ['t1'] })
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { tags: ['__$all', 't1', 't2'] })), [a])
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { tags: ['-t2'], name: 'Tagged' })), [b])
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { order_by: ['-name'], name: '^Tagged' })), [b, a])
  assert.deepEqual(codes(await app.call('projects.get_all_ex', { tags: ['__$bad', 'x'] })), [400, 16])
  assert.deepEqual(codes(await app.call('projects.get_all_ex', { page: -1 })), [400, 12])
})

test('projects.get_all_ex pages with scroll_id', async (t) => {
  const app = await testApp(t)
  for (const n of ['Scroll 1', 'Scroll 2', 'Scroll 3']) await createProject(app, n)
  const first = await app.ok('projects.get_all_ex', { name: '^Scroll', size: 2, scroll_id: null, order_by: ['name'] })
  assert.equal(first.projects.length, 2)
  const second = await app.ok('projects.get_all_ex', { name: '^Scroll', size: 2, scroll_id: first.scroll_id, order_by: ['name'] })
  assert.deepEqual(second.projects.map((p: { name: string }) => p.name), ['Scroll 3'])
})

test('projects.get_all_ex leaves out public projects with allow_public false', async (t) => {
  const app = await testApp(t)
  const shared = await createProject(app, 'Shared one')
  await app.ok('projects.make_public', { ids: [shared] })
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { name: 'Shared' })), [shared])
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { name: 'Shared', allow_public: false })), [])
  assert.deepEqual(ids(await app.ok('projects.get_all_ex', { name: 'Shared', non_public: true })), [])
})

test('projects.get_all matches the SDK\'s re.escape()d exact-name pattern', async (t) => {
  const app = await testApp(t)
  const id = await createProject(app, 'Proj A/sub.x')
  await createProject(app, 'Proj A/subXx')
  const res = await app.ok('projects.get_all', { name: '^Proj\\ A/sub\\.x$', only_fields: ['id'], search_hidden: true, shallow_search: false })
  assert.deepEqual(res.projects, [{ id }])
})
