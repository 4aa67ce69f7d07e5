import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createModel, createProject, createTask } from './crud-test-kit.js'

const param = (section: string, name: string, value: string) => ({ [section]: { [name]: { section, name, value, type: 'str' } } })

test('tasks.get_all filters by id, status and name pattern and projects only_fields', async (t) => {
  const app = await testApp(t)
  const a = await createTask(app, { name: 'alpha one' })
  const b = await createTask(app, { name: 'beta two' })
  await app.ok('tasks.started', { task: b })
  let res = await app.ok('tasks.get_all', { id: [a, b], status: ['in_progress'], only_fields: ['status', 'status_message'] })
  assert.deepEqual(res.tasks, [{ id: b, status: 'in_progress', status_message: '' }])
  res = await app.ok('tasks.get_all', { name: '^alpha\\ ', only_fields: ['id'] })
  assert.deepEqual(res.tasks, [{ id: a }])
})

test('tasks.get_all keeps a container when a nested leaf is missing', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, { runtime: { other: 1 } })
  const res = await app.ok('tasks.get_all', { id: [id], only_fields: ['runtime.version', 'last_iteration'] })
  assert.deepEqual(res.tasks, [{ id, runtime: {}, last_iteration: 0 }])
})

test('tasks.get_all_ex excludes fields with "-" and answers 400/14 for an unknown field', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  const res = await app.ok('tasks.get_all_ex', { id: [id], only_fields: ['-name'] })
  assert.equal('name' in res.tasks[0], false)
  assert.equal(res.tasks[0].type, 'testing')
  assert.deepEqual(codes(await app.call('tasks.get_all_ex', { id: [id], only_fields: ['no_such_field'] })), [400, 14])
})

test('tasks.get_all_ex joins project.name and user.name and shows other references as {id}', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Join project')
  const parent = await createTask(app)
  const id = await createTask(app, { project, parent })
  const me = await app.ok('users.get_current_user')
  let res = await app.ok('tasks.get_all_ex', { id: [id], only_fields: ['name', 'project.name', 'user.name', 'parent'] })
  const task = res.tasks[0]
  assert.deepEqual(task.project, { id: project, name: 'Join project' })
  assert.deepEqual(task.user, { id: me.user.id, name: me.user.name })
  assert.deepEqual(task.parent, { id: parent })
  res = await app.ok('tasks.get_all_ex', { id: [id] })
  assert.deepEqual(res.tasks[0].project, { id: project })
  res = await app.ok('tasks.get_all', { id: [id] })
  assert.equal(res.tasks[0].project, project)
})

test('tasks.get_all_ex with "*" and "execution.*" returns every field and the queue as an object', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  const { id: queue } = await app.ok('queues.create', { name: 'query test queue' })
  await app.ok('tasks.enqueue', { task: id, queue })
  const res = await app.ok('tasks.get_all_ex', { id, projection: ['*', 'execution.*'] })
  assert.equal(res.tasks[0].status, 'queued')
  assert.deepEqual(res.tasks[0].execution.queue, { id: queue })
})

test('tasks.get_all hides "hidden" tasks unless search_hidden or ids are given', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, { name: 'hidden one', system_tags: ['hidden'] })
  assert.deepEqual((await app.ok('tasks.get_all', { name: '^hidden one$' })).tasks, [])
  assert.equal((await app.ok('tasks.get_all', { name: '^hidden one$', search_hidden: true })).tasks.length, 1)
  assert.equal((await app.ok('tasks.get_all', { id: [id] })).tasks.length, 1)
})

test('tasks.get_all_ex with include_subprojects searches the project tree', async (t) => {
  const app = await testApp(t)
  const top = await createProject(app, 'Tree top')
  const { id: child } = await app.ok('projects.create', { name: 'Tree top/child', description: '' })
  const a = await createTask(app, { project: top })
  const b = await createTask(app, { project: child })
  const flat = await app.ok('tasks.get_all_ex', { project: [top], only_fields: ['id'] })
  assert.deepEqual(flat.tasks.map((x: any) => x.id), [a])
  const deep = await app.ok('tasks.get_all_ex', { project: [top], include_subprojects: true, only_fields: ['id'], order_by: ['created'] })
  assert.deepEqual(new Set(deep.tasks.map((x: any) => x.id)), new Set([a, b]))
})

test('tasks.get_all_ex with allow_public false leaves public tasks out', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app)
  await app.ok('tasks.make_public', { ids: [id] })
  assert.equal((await app.ok('tasks.get_all_ex', { id: [id] })).tasks.length, 1)
  assert.equal((await app.ok('tasks.get_all_ex', { id: [id], allow_public: false })).tasks.length, 0)
})

test('tasks.get_all_ex pages and scrolls in hyperparameter value order', async (t) => {
  const app = await testApp(t)
  const ids: string[] = []
  for (let i = 0; i < 7; i++) ids.push(await createTask(app, { name: `Paging ${i}`, hyperparams: param('test', 'param', String(i)) }))
  const page = await app.ok('tasks.get_all_ex', { name: '^Paging ', order_by: ['hyperparams.test.param.value'], page: 1, page_size: 3 })
  assert.deepEqual(page.tasks.map((x: any) => x.id), ids.slice(3, 6))
  const first = await app.ok('tasks.get_all_ex', { name: '^Paging ', order_by: ['hyperparams.test.param.value'], size: 4, scroll_id: null })
  assert.deepEqual(first.tasks.map((x: any) => x.id), ids.slice(0, 4))
  const next = await app.ok('tasks.get_all_ex', { name: '^Paging ', order_by: ['hyperparams.test.param.value'], size: 4, scroll_id: first.scroll_id })
  assert.deepEqual(next.tasks.map((x: any) => x.id), ids.slice(4))
})

test('tasks.get_all_ex orders hyperparameters numerically, whole parameters by value', async (t) => {
  const app = await testApp(t)
  const ids = [await createTask(app, { hyperparams: param('s', 'p', '1') }), await createTask(app, { hyperparams: param('s', 'p', '2') }),
    await createTask(app, { hyperparams: param('s', 'p', '11') })]
  const asc = await app.ok('tasks.get_all_ex', { id: ids, order_by: ['hyperparams.s.p'], only_fields: ['id'] })
  assert.deepEqual(asc.tasks.map((x: any) => x.id), ids)
  const desc = await app.ok('tasks.get_all_ex', { id: ids, order_by: ['-hyperparams.s.p.value'], only_fields: ['id'] })
  assert.deepEqual(desc.tasks.map((x: any) => x.id), [...ids].reverse())
})

test('tasks.get_all_ex projects hyperparameter sections whose names hold dots (escaped as %2E)', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Dotted params')
  const a = await createTask(app, { project, hyperparams: { 'sec.tion1': { p: { section: 'sec.tion1', name: 'p', value: '10' } }, other: {} } })
  const b = await createTask(app, { project, hyperparams: { 'sec.tion1': { p: { section: 'sec.tion1', name: 'p', value: '20' } } } })
  const res = await app.ok('tasks.get_all_ex', { project: [project], only_fields: ['hyperparams.sec%2Etion1'], order_by: ['-hyperparams.sec%2Etion1'] })
  assert.deepEqual(res.tasks.map((x: any) => x.id), [b, a])
  assert.deepEqual(res.tasks[1].hyperparams, { 'sec.tion1': { p: { section: 'sec.tion1', name: 'p', value: '10' } } })
  const filtered = await app.ok('tasks.get_all_ex', { project: [project], 'hyperparams.sec%2Etion1.p.value': ['20'], only_fields: ['id'] })
  assert.deepEqual(filtered.tasks, [{ id: b }])
})

test('tasks.get_all_ex below 2.9 reads execution.parameters from the legacy hyperparameters', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, { execution: { parameters: { lr: '0.1' } } }, '2.8')
  const res = await app.ok('tasks.get_all_ex', { id: [id], only_fields: ['execution.parameters'] }, { version: '2.8' })
  assert.deepEqual(res.tasks[0].execution.parameters, { lr: '0.1' })
  const sorted = await app.ok('tasks.get_all_ex', { id: [id], order_by: ['execution.parameters.lr'] })
  assert.equal(sorted.tasks.length, 1)
})

test('tasks.get_all_ex filters tags with the structured filters and the list operators', async (t) => {
  const app = await testApp(t)
  const tagged = await createTask(app, { tags: ['test'] })
  const plain = await createTask(app)
  const ids = [tagged, plain]
  const pick = async (q: object) => (await app.ok('tasks.get_all_ex', { id: ids, ...q })).tasks.map((x: any) => x.id)
  assert.deepEqual(await pick({ filters: { tags: { any: { include: [null] } } } }), [plain])
  assert.deepEqual(await pick({ tags: ['-test'] }), [plain])
  assert.deepEqual(await pick({ tags: ['__$not', 'test'] }), [plain])
  assert.deepEqual(codes(await app.call('tasks.get_all_ex', { filters: { tags: { test: ['1'] } } })), [400, 12])
})

test('tasks.get_all filters runtime fields by equality and last_iteration by range', async (t) => {
  const app = await testApp(t)
  const id = await createTask(app, { runtime: { version: '1.0.0' } })
  const other = await createTask(app, { runtime: { version: '2.0.0' } })
  const res = await app.ok('tasks.get_all', { id: [id, other], 'runtime.version': '1.0.0', last_iteration: [0, 10], only_fields: ['id'] })
  assert.deepEqual(res.tasks, [{ id }])
  assert.deepEqual(codes(await app.call('tasks.get_all', { last_iteration: [1] })), [400, 12])
})

test('tasks.get_by_id_ex answers 400/11 without ids and returns the joined tasks', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('tasks.get_by_id_ex', {})), [400, 11])
  const project = await createProject(app, 'By id ex')
  const id = await createTask(app, { project, system_tags: ['hidden'] })
  const res = await app.ok('tasks.get_by_id_ex', { id: [id], only_fields: ['project.name'] })
  assert.deepEqual(res, { tasks: [{ id, project: { id: project, name: 'By id ex' } }] })
})

test('tasks.get_types lists the types in use, per project tree', async (t) => {
  const app = await testApp(t)
  const p1 = await createProject(app, 'Types one')
  const p2 = await createProject(app, 'Types two')
  await createTask(app, { project: p1, type: 'controller' })
  await createTask(app, { project: p2, type: 'optimizer' })
  const all = (await app.ok('tasks.get_types')).types
  assert.ok(all.includes('controller') && all.includes('optimizer'))
  assert.deepEqual(new Set((await app.ok('tasks.get_types', { projects: [p1, p2] })).types), new Set(['controller', 'optimizer']))
  assert.deepEqual((await app.ok('tasks.get_types', { projects: [p2] })).types, ['optimizer'])
})

test('tasks.get_all below 2.3 reads system tags given in tags', async (t) => {
  const app = await testApp(t)
  const dev = await createTask(app, { name: 'Old tags', tags: ['development', 'test'] }, '2.2')
  const plain = await createTask(app, { name: 'Old tags', tags: ['test'] }, '2.2')
  const res = await app.ok('tasks.get_all', { name: '^Old tags$', tags: ['-development'] }, { version: '2.2' })
  assert.deepEqual(res.tasks.map((x: any) => x.id), [plain])
  assert.ok(dev)
})

test('tasks.get_all_ex finds the tasks that read a model (models.input.model)', async (t) => {
  const app = await testApp(t)
  const [a, b] = [await createModel(app), await createModel(app)]
  const reader = await createTask(app, { models: { input: [{ name: 'in', model: a }] } })
  const other = await createTask(app, { models: { input: [{ name: 'in', model: b }] } })
  const none = await createTask(app)
  const ids = [reader, other, none]
  const pick = async (q: object) => (await app.ok('tasks.get_all_ex', { id: ids, only_fields: ['id'], order_by: ['created'], ...q })).tasks.map((x: any) => x.id)
  assert.deepEqual(await pick({ 'models.input.model': [a] }), [reader])
  assert.deepEqual(new Set(await pick({ 'models.input.model': [`-${a}`] })), new Set([other, none]))
  assert.deepEqual(await pick({ 'models.input.model': [null] }), [none])
})
