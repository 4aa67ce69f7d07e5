import { test } from 'node:test'
import assert from 'node:assert/strict'
import { eq } from '../../domain/query/filter.js'
import { testApp } from '../../test/test-app.js'
import { codes, readTask, seedTask } from './status-test-fixtures.js'

const P = [
  { section: '1/1', name: 'param1/1', type: 'type1', value: '10' },
  { section: '1/1', name: 'param2', type: 'type1', value: '20' },
  { section: '2', name: 'param2', type: 'type2', value: 'xxx' },
]
const ARGS = [{ section: 'Args', name: 'legacy$1', value: 'val1', type: 'legacy' }]

const get = async (app: Awaited<ReturnType<typeof testApp>>, id: string) =>
  (await app.ok('tasks.get_hyper_params', { tasks: [id] })).params[0].hyperparams

test('tasks.edit_hyper_params adds and updates; get_hyper_params lists them sorted by section and name', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  assert.deepEqual(await app.ok('tasks.edit_hyper_params', { task: id, hyperparams: [...ARGS, ...P].reverse() }), { updated: 1 })
  const res = await app.ok('tasks.get_hyper_params', { tasks: [id] })
  assert.deepEqual(res.params, [{ task: id, hyperparams: [...P, ...ARGS] }])
  assert.deepEqual((await readTask(app, id)).hyperparams['1/1']['param1/1'], P[0])
  await app.ok('tasks.edit_hyper_params', { task: id, hyperparams: [{ section: '2', name: 'param2', value: 'yyy' }] })
  assert.deepEqual((await get(app, id))[2], { section: '2', name: 'param2', value: 'yyy' })
})

test('tasks.edit_hyper_params replace_hyperparams=section replaces the sections sent; =all replaces everything', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  await app.ok('tasks.edit_hyper_params', { task: id, hyperparams: [...P, ...ARGS] })
  const replace = [
    { section: '1/1', name: 'param1', type: 'type1', value: '40' },
    { section: '2', name: 'param5', type: 'type1', value: '11' },
  ]
  await app.ok('tasks.edit_hyper_params', { task: id, hyperparams: replace, replace_hyperparams: 'section' })
  assert.deepEqual(await get(app, id), [...replace, ...ARGS])
  const all = [{ section: '1/1', name: 'param1/1', type: 'type1', value: '30' }]
  await app.ok('tasks.edit_hyper_params', { task: id, hyperparams: all, replace_hyperparams: 'all' })
  assert.deepEqual(await get(app, id), all)
})

test('hyperparameter keys with dots and dollars are stored as given and stay addressable', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  const item = { section: 'sec.tion$1', name: 'a.b$c', value: '1' }
  await app.ok('tasks.edit_hyper_params', { task: id, hyperparams: [item] })
  assert.deepEqual((await readTask(app, id)).hyperparams['sec.tion$1']['a.b$c'], item)
  const found = await app.app.store.read((tx) => tx.tasks.find({ filter: eq(['hyperparams', 'sec.tion$1', 'a.b$c', 'value'], '1') }))
  assert.deepEqual(found.map((f) => f.id), [id])
  await app.ok('tasks.delete_hyper_params', { task: id, hyperparams: [{ section: 'sec.tion$1', name: 'a.b$c' }] })
  assert.deepEqual(await get(app, id), [])
})

test('tasks.delete_hyper_params deletes single params and whole sections', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  await app.ok('tasks.edit_hyper_params', { task: id, hyperparams: [...P, ...ARGS] })
  const res = await app.ok('tasks.delete_hyper_params', { task: id, hyperparams: [{ section: '1/1', name: 'param2' }, { section: '2' }] })
  assert.deepEqual(res, { deleted: 1 })
  assert.deepEqual(await get(app, id), [P[0], ...ARGS])
  await app.ok('tasks.delete_hyper_params', { task: id, hyperparams: [{ section: '1/1', name: null }] })
  assert.deepEqual(await get(app, id), ARGS)
})

test('tasks.delete_hyper_params answers 400/15 when a param and its whole section are both named', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  await app.ok('tasks.edit_hyper_params', { task: id, hyperparams: P })
  const res = await app.call('tasks.delete_hyper_params', { task: id, hyperparams: [{ section: '2' }, { section: '2', name: 'param2' }] })
  assert.deepEqual(codes(res), [400, 15])
  assert.equal((await get(app, id)).length, 3)
})

test('editing hyperparams of a started task answers 400/110 unless force; properties are editable in any status', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { status: 'in_progress' })
  const x = [{ section: 'test', name: 'x', value: '123' }]
  assert.deepEqual(codes(await app.call('tasks.edit_hyper_params', { task: id, hyperparams: x })), [400, 110])
  assert.deepEqual(codes(await app.call('tasks.delete_hyper_params', { task: id, hyperparams: [{ section: 'test' }] })), [400, 110])
  await app.ok('tasks.edit_hyper_params', { task: id, hyperparams: x, force: true })
  await app.ok('tasks.delete_hyper_params', { task: id, hyperparams: [{ section: 'test' }], force: true })
  const done = await seedTask(app, { status: 'completed' })
  assert.deepEqual(codes(await app.call('tasks.edit_hyper_params', { task: done, hyperparams: x, force: true })), [400, 110])
  await app.ok('tasks.edit_hyper_params', { task: done, hyperparams: [{ section: 'Properties', name: 'x', value: '1' }] })
  assert.deepEqual(await get(app, done), [{ section: 'properties', name: 'x', value: '1' }])
  await app.ok('tasks.delete_hyper_params', { task: done, hyperparams: [{ section: 'properties' }] })
  assert.deepEqual(await get(app, done), [])
})

test('editing only properties does not bump last_update', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { status: 'completed', last_update: '2020-01-01T00:00:00.000000+00:00' })
  await app.ok('tasks.edit_hyper_params', { task: id, hyperparams: [{ section: 'properties', name: 'x', value: '1' }] })
  const task = await readTask(app, id)
  assert.equal(task.last_update, '2020-01-01T00:00:00.000000+00:00')
  assert.ok(task.last_change)
})

test('hyperparam endpoints answer 400/101 for unknown tasks, 403/21 for public ones, 400/12 for bad input', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  assert.deepEqual(codes(await app.call('tasks.get_hyper_params', { tasks: [id, 'missing'] })), [400, 101])
  assert.deepEqual(codes(await app.call('tasks.get_hyper_params', { tasks: [] })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.edit_hyper_params', { task: 'missing', hyperparams: P })), [400, 101])
  assert.deepEqual(codes(await app.call('tasks.delete_hyper_params', { task: 'missing', hyperparams: [{ section: 'a' }] })), [400, 101])
  const shared = await seedTask(app, { company: '' })
  assert.equal((await app.ok('tasks.get_hyper_params', { tasks: [shared] })).params[0].task, shared)
  assert.deepEqual(codes(await app.call('tasks.edit_hyper_params', { task: shared, hyperparams: P })), [403, 21])
  assert.deepEqual(codes(await app.call('tasks.edit_hyper_params', { task: id, hyperparams: [] })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.edit_hyper_params', { task: id, hyperparams: [{ section: 'a', name: 'b' }] })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.edit_hyper_params', { task: id, hyperparams: [{ section: ' ', name: 'b', value: '1' }] })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.edit_hyper_params', { task: id, hyperparams: P, replace_hyperparams: 'bad' })), [400, 12])
  assert.equal((await app.call('tasks.get_hyper_params', { tasks: [id] }, { version: '2.8' })).status, 404)
})
