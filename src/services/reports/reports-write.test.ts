import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createProject, createReport, getTask, projectExists, projectNamed } from './reports-test-kit.js'

test('reports.create makes a hidden report task in a hidden root .reports project', async (t) => {
  const app = await testApp(t)
  const res = await createReport(app, 'Rep1', { comment: 'My report', tags: ['hello'] })
  assert.deepEqual(Object.keys(res).sort(), ['id', 'project_id'])
  const task = await getTask(app, res.id)
  assert.equal(task.name, 'Rep1')
  assert.equal(task.comment, 'My report')
  assert.deepEqual(task.tags, ['hello'])
  assert.equal(task.type, 'report')
  assert.equal(task.status, 'created')
  assert.deepEqual(new Set(task.system_tags), new Set(['hidden', 'reports']))
  assert.equal(task.project.id, res.project_id)
  const folder = await projectNamed(app, '.reports')
  assert.equal(folder.id, res.project_id)
  assert.deepEqual(new Set(folder.system_tags), new Set(['hidden', 'reports']))
  assert.equal(folder.description, 'Reports project')
  assert.equal((await app.ok('projects.get_all_ex', { name: '^\\.reports$', allow_public: false })).projects.length, 0)
  const second = await createReport(app, 'Rep2')
  assert.equal(second.project_id, res.project_id)
})

test('reports.create under a project uses its .reports sub-project and keeps report text and assets', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Team/Research')
  const res = await createReport(app, 'Rep1', { project, report: 'hello', report_assets: ['file://a.png'] })
  const folder = await projectNamed(app, 'Team/Research/.reports')
  assert.equal(folder.id, res.project_id)
  assert.equal(folder.parent.id, project)
  const task = await getTask(app, res.id)
  assert.equal(task.report, 'hello')
  assert.deepEqual(task.report_assets, ['file://a.png'])
  // A .reports folder given as the project is used as it is.
  assert.equal((await createReport(app, 'Rep2', { project: res.project_id })).project_id, res.project_id)
})

test('reports.create answers 400/12 for a short or missing name and 400/401 for an unknown project', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('reports.create', { name: 'ab' })), [400, 12])
  assert.deepEqual(codes(await app.call('reports.create', {})), [400, 12])
  assert.deepEqual(codes(await app.call('reports.create', { name: 'Rep1', project: 'missing' })), [400, 401])
  assert.equal(await projectNamed(app, '.reports'), undefined)
})

test('reports.* answer 404 below API 2.23', async (t) => {
  const app = await testApp(t)
  assert.equal((await app.call('reports.create', { name: 'Rep1' }, { version: '2.22' })).status, 404)
  assert.equal((await app.call('reports.create', { name: 'Rep1' }, { version: '2.23' })).status, 200)
})

test('reports.update edits a draft and echoes the fields, tags sorted and the report shortened', async (t) => {
  const app = await testApp(t)
  const { id } = await createReport(app, 'Rep1', { tags: ['hello'] })
  const text = `${'word '.repeat(30)}end`
  const res = await app.ok('reports.update', { task: id, comment: 'new', tags: ['b', 'a'], report: text, report_assets: ['file://test.jpg'] })
  assert.equal(res.updated, 1)
  assert.deepEqual(res.fields.tags, ['a', 'b'])
  assert.equal(res.fields.report, `${'word '.repeat(18)}word [...]`)
  assert.equal(res.fields.comment, 'new')
  const task = await getTask(app, id)
  assert.equal(task.comment, 'new')
  assert.deepEqual(task.tags, ['a', 'b'])
  assert.equal(task.report, text)
  assert.deepEqual(task.report_assets, ['file://test.jpg'])
  assert.equal(task.name, 'Rep1')
  assert.deepEqual(await app.ok('reports.update', { task: id, unknown: 1 }), { updated: 0 })
  assert.equal((await app.ok('reports.update', { task: id, tags: [] })).updated, 1)
  assert.deepEqual((await getTask(app, id)).tags, [])
})

test('reports.update answers 400/110 for content edits of a published report but renames and retags it', async (t) => {
  const app = await testApp(t)
  const { id } = await createReport(app, 'Rep1')
  await app.ok('reports.publish', { task: id })
  assert.deepEqual(codes(await app.call('reports.update', { task: id, report: 'New report text' })), [400, 110])
  assert.deepEqual(codes(await app.call('reports.update', { task: id, name: 'new name', report_assets: [] })), [400, 110])
  await app.ok('reports.update', { task: id, name: 'new name', tags: ['test'], comment: 'Yet another comment' })
  const task = await getTask(app, id)
  assert.deepEqual([task.name, task.tags, task.comment], ['new name', ['test'], 'Yet another comment'])
})

test('reports.update answers 400/101 unknown, 400/150 for a non-report task, 403/21 for a public report, 400/12 bad name', async (t) => {
  const app = await testApp(t)
  const task = (await app.ok('tasks.create', { name: 'plain task', type: 'training' })).id
  const { id } = await createReport(app, 'Rep1')
  assert.deepEqual(codes(await app.call('reports.update', { task: 'missing', comment: 'x' })), [400, 101])
  assert.deepEqual(codes(await app.call('reports.update', { task, comment: 'x' })), [400, 150])
  assert.deepEqual(codes(await app.call('reports.update', { task: id, name: 'ab' })), [400, 12])
  assert.deepEqual(codes(await app.call('reports.update', { comment: 'x' })), [400, 12])
  await app.ok('tasks.make_public', { ids: [id] })
  assert.deepEqual(codes(await app.call('reports.update', { task: id, comment: 'x' })), [403, 21])
})

test('reports.move by name creates the target folder and drops the emptied one', async (t) => {
  const app = await testApp(t)
  const first = await createReport(app, 'Rep1')
  const second = await createReport(app, 'Rep2')
  const moved = await app.ok('reports.move', { task: first.id, project_name: 'Reports Test' })
  const folder = await projectNamed(app, 'Reports Test/.reports')
  assert.equal(moved.project_id, folder.id)
  assert.deepEqual(new Set(folder.system_tags), new Set(['hidden', 'reports']))
  assert.equal((await getTask(app, first.id)).project.id, folder.id)
  assert.equal(await projectExists(app, first.project_id), true)
  assert.deepEqual(await app.ok('reports.move', { task: second.id, project: folder.id }), { project_id: folder.id })
  assert.equal(await projectExists(app, first.project_id), false)
  const back = await app.ok('reports.move', { task: second.id, project: null })
  const root = (await app.ok('projects.get_all_ex', { id: [back.project_id] })).projects[0]
  assert.equal(root.name, '.reports')
  assert.equal(root.parent ?? null, null)
})

test('reports.move to a regular project id uses its .reports folder', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Target')
  const { id } = await createReport(app, 'Rep1')
  const res = await app.ok('reports.move', { task: id, project })
  assert.equal((await projectNamed(app, 'Target/.reports')).id, res.project_id)
})

test('reports.move answers 400/11 without a target, 400/401 unknown project, 400/101 unknown report, 400/150 non-report', async (t) => {
  const app = await testApp(t)
  const { id, project_id } = await createReport(app, 'Rep1')
  const task = (await app.ok('tasks.create', { name: 'plain task', type: 'training' })).id
  assert.deepEqual(codes(await app.call('reports.move', { task: id })), [400, 11])
  assert.deepEqual(codes(await app.call('reports.move', { task: id, project: 'missing' })), [400, 401])
  assert.deepEqual(codes(await app.call('reports.move', { task: 'missing', project_name: 'x y z' })), [400, 101])
  assert.deepEqual(codes(await app.call('reports.move', { task, project_name: 'x y z' })), [400, 150])
  assert.equal((await getTask(app, id)).project.id, project_id)
  assert.equal(await projectNamed(app, 'x y z/.reports'), undefined)
})

test('reports.publish publishes a draft with the message and answers 400/150 for a non-report', async (t) => {
  const app = await testApp(t)
  const { id } = await createReport(app, 'Rep1')
  const res = await app.ok('reports.publish', { task: id, message: 'done' })
  assert.equal(res.updated, 1)
  assert.equal(res.fields.status, 'published')
  const task = await getTask(app, id)
  assert.equal(task.status, 'published')
  assert.equal(task.status_message, 'done')
  assert.equal(typeof task.published, 'string')
  const plain = (await app.ok('tasks.create', { name: 'plain task', type: 'training' })).id
  assert.deepEqual(codes(await app.call('reports.publish', { task: plain })), [400, 150])
  assert.deepEqual(codes(await app.call('reports.publish', { task: 'missing' })), [400, 101])
})

test('reports.archive and unarchive toggle the archived system tag', async (t) => {
  const app = await testApp(t)
  const { id } = await createReport(app, 'Rep1')
  assert.deepEqual(await app.ok('reports.archive', { task: id, message: 'old' }), { archived: 1 })
  let task = await getTask(app, id)
  assert.deepEqual(new Set(task.system_tags), new Set(['hidden', 'reports', 'archived']))
  assert.equal(task.status_message, 'old')
  assert.equal(task.status, 'created')
  assert.deepEqual(await app.ok('reports.unarchive', { task: id }), { unarchived: 1 })
  task = await getTask(app, id)
  assert.deepEqual(new Set(task.system_tags), new Set(['hidden', 'reports']))
  const plain = (await app.ok('tasks.create', { name: 'plain task', type: 'training' })).id
  assert.deepEqual(codes(await app.call('reports.archive', { task: plain })), [400, 150])
  assert.deepEqual(codes(await app.call('reports.unarchive', { task: 'missing' })), [400, 101])
})

test('reports.delete deletes a draft and its emptied folder', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Team')
  const { id, project_id } = await createReport(app, 'Rep1', { project })
  assert.deepEqual(await app.ok('reports.delete', { task: id }), { deleted: 1 })
  assert.equal((await app.ok('tasks.get_all_ex', { id: [id] })).tasks.length, 0)
  assert.equal(await projectExists(app, project_id), false)
  assert.equal(await projectExists(app, project), true)
})

test('reports.delete answers 400/123 for a published report unless forced or archived', async (t) => {
  const app = await testApp(t)
  const a = await createReport(app, 'Rep1')
  const b = await createReport(app, 'Rep2')
  await app.ok('reports.publish', { task: a.id })
  await app.ok('reports.publish', { task: b.id })
  assert.deepEqual(codes(await app.call('reports.delete', { task: a.id })), [400, 123])
  assert.equal((await app.ok('reports.delete', { task: a.id, force: true })).deleted, 1)
  await app.ok('reports.archive', { task: b.id })
  assert.equal((await app.ok('reports.delete', { task: b.id })).deleted, 1)
  const plain = (await app.ok('tasks.create', { name: 'plain task', type: 'training' })).id
  assert.deepEqual(codes(await app.call('reports.delete', { task: plain })), [400, 150])
  assert.deepEqual(codes(await app.call('reports.delete', { task: 'missing' })), [400, 101])
})
