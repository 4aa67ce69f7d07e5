import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createProject, createReport } from './reports-test-kit.js'

const ids = (tasks: { id: string }[]) => tasks.map((t) => t.id)

test('reports.get_all_ex returns reports only, by project (one level down to .reports) or the root folder for null', async (t) => {
  const app = await testApp(t)
  const root = (await createReport(app, 'Rep1')).id
  const project = await createProject(app, 'Test reports')
  const inProject = (await createReport(app, 'Rep2', { project })).id
  await app.ok('tasks.create', { name: 'plain task', type: 'training', project })
  const all = (await app.ok('reports.get_all_ex', {})).tasks
  assert.deepEqual(ids(all), [root, inProject])
  assert.equal(all[0].type, 'report')
  assert.equal(typeof all[1].project, 'object')
  assert.deepEqual(ids((await app.ok('reports.get_all_ex', { project })).tasks), [inProject])
  assert.deepEqual(ids((await app.ok('reports.get_all_ex', { project: [project] })).tasks), [inProject])
  assert.deepEqual(ids((await app.ok('reports.get_all_ex', { project: [null] })).tasks), [root])
  const folder = (await app.ok('reports.get_all_ex', { id: [inProject], only_fields: ['project'] })).tasks[0].project.id
  assert.deepEqual(ids((await app.ok('reports.get_all_ex', { project: [folder] })).tasks), [inProject])
  const empty = await createProject(app, 'No reports')
  assert.deepEqual(await app.ok('reports.get_all_ex', { project: [empty] }), { tasks: [] })
})

test('reports.get_all_ex with include_subprojects finds reports of nested projects', async (t) => {
  const app = await testApp(t)
  const top = await createProject(app, 'Top')
  const child = await createProject(app, 'Top/Child')
  const nested = (await createReport(app, 'Rep1', { project: child })).id
  assert.deepEqual(await app.ok('reports.get_all_ex', { project: [top] }), { tasks: [] })
  assert.deepEqual(ids((await app.ok('reports.get_all_ex', { project: [top], include_subprojects: true })).tasks), [nested])
})

test('reports.get_all_ex searches report text with _any_ and search_text', async (t) => {
  const app = await testApp(t)
  const report = (await createReport(app, 'Rep1')).id
  await app.ok('tasks.create', { name: 'hello', type: 'training' })
  const any = { pattern: 'hello', fields: ['name', 'id', 'tags', 'report'] }
  assert.deepEqual((await app.ok('reports.get_all_ex', { _any_: any })).tasks, [])
  await app.ok('reports.update', { task: report, report: 'hello world' })
  assert.deepEqual(ids((await app.ok('reports.get_all_ex', { _any_: any })).tasks), [report])
  assert.deepEqual(ids((await app.ok('reports.get_all_ex', { search_text: 'World' })).tasks), [report])
  assert.deepEqual((await app.ok('reports.get_all_ex', { search_text: 'nothing like it' })).tasks, [])
})

test('reports.get_all_ex pages, orders, projects fields and scrolls', async (t) => {
  const app = await testApp(t)
  const a = (await createReport(app, 'Rep A', { tags: ['x'] })).id
  const b = (await createReport(app, 'Rep B')).id
  const sorted = await app.ok('reports.get_all_ex', { order_by: ['-name'], only_fields: ['name'] })
  assert.deepEqual(sorted.tasks, [{ id: b, name: 'Rep B' }, { id: a, name: 'Rep A' }])
  assert.deepEqual(ids((await app.ok('reports.get_all_ex', { page: 1, page_size: 1 })).tasks), [b])
  assert.deepEqual(ids((await app.ok('reports.get_all_ex', { tags: ['x'] })).tasks), [a])
  const first = await app.ok('reports.get_all_ex', { size: 1, scroll_id: null })
  assert.deepEqual(ids(first.tasks), [a])
  assert.deepEqual(ids((await app.ok('reports.get_all_ex', { size: 1, scroll_id: first.scroll_id })).tasks), [b])
  assert.deepEqual(codes(await app.call('reports.get_all_ex', { scroll_id: 'bad', size: 1 })), [400, 1104])
  assert.deepEqual(codes(await app.call('reports.get_all_ex', { page: -1 })), [400, 12])
})

test('reports.get_all_ex includes public reports unless allow_public is false', async (t) => {
  const app = await testApp(t)
  const report = (await createReport(app, 'Rep1')).id
  await app.ok('tasks.make_public', { ids: [report] })
  assert.deepEqual(ids((await app.ok('reports.get_all_ex', {})).tasks), [report])
  assert.deepEqual((await app.ok('reports.get_all_ex', { allow_public: false })).tasks, [])
})

test('reports.get_tags lists the sorted tags of the company\'s reports', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(await app.ok('reports.get_tags', {}), { tags: [] })
  const { id } = await createReport(app, 'Rep1', { tags: ['hello', 'b'] })
  await createReport(app, 'Rep2', { tags: ['a', 'b'] })
  await app.ok('tasks.create', { name: 'plain task', type: 'training', tags: ['task-only'] })
  assert.deepEqual(await app.ok('reports.get_tags', {}), { tags: ['a', 'b', 'hello'] })
  await app.ok('reports.update', { task: id, tags: [] })
  assert.deepEqual(await app.ok('reports.get_tags', {}), { tags: ['a', 'b'] })
  assert.equal((await app.call('reports.get_tags', {}, { token: null })).status, 401)
})
