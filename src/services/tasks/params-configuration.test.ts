import { test } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, type TestApp } from '../../test/test-app.js'
import { codes, readTask, seedTask } from './status-test-fixtures.js'

const C = [
  { name: 'param$1', type: 'type1', value: '10' },
  { name: 'param/2', type: 'type1', value: '20' },
  { name: 'param_empty', type: 'type1', value: '' },
]
const DESIGN = { name: 'design', value: 'hello', type: 'legacy' }

const configs = async (app: TestApp, id: string, names?: string[]) =>
  (await app.ok('tasks.get_configurations', { tasks: [id], ...(names ? { names } : {}) })).configurations[0].configuration

test('tasks.edit_configuration adds items; get_configurations lists them sorted by name, or only the names asked', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  assert.deepEqual(await app.ok('tasks.edit_configuration', { task: id, configuration: [...C, DESIGN] }), { updated: 1 })
  assert.deepEqual(await configs(app, id), [DESIGN, ...C])
  assert.deepEqual(await configs(app, id, ['param/2']), [C[1]])
  assert.deepEqual((await readTask(app, id)).configuration['param$1'], C[0])
})

test('tasks.edit_configuration with replace_configuration replaces all items', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  await app.ok('tasks.edit_configuration', { task: id, configuration: [...C, DESIGN] })
  const replace = [{ name: 'design', value: '123', type: 'legacy' }, { name: 'param/2', type: 'type1', value: '30' }]
  await app.ok('tasks.edit_configuration', { task: id, configuration: replace, replace_configuration: true })
  assert.deepEqual(await configs(app, id), replace)
})

test('tasks.get_configuration_names skips empty values unless skip_empty=false, and skips unknown tasks', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  const bare = await seedTask(app)
  await app.ok('tasks.edit_configuration', { task: id, configuration: [...C, DESIGN] })
  const res = await app.ok('tasks.get_configuration_names', { tasks: [id, bare, 'missing'] })
  assert.deepEqual(res.configurations, [{ task: id, names: ['design', 'param$1', 'param/2'] }])
  const all = await app.ok('tasks.get_configuration_names', { tasks: [id], skip_empty: false })
  assert.deepEqual(all.configurations[0].names, ['design', 'param$1', 'param/2', 'param_empty'])
})

test('tasks.delete_configuration deletes the named items', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  await app.ok('tasks.edit_configuration', { task: id, configuration: [...C, DESIGN] })
  assert.deepEqual(await app.ok('tasks.delete_configuration', { task: id, configuration: ['param/2', 'param_empty'] }), { deleted: 1 })
  assert.deepEqual(await configs(app, id), [DESIGN, C[0]])
})

test('configuration of a running task answers 400/110 unless force', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app, { status: 'in_progress' })
  assert.deepEqual(codes(await app.call('tasks.edit_configuration', { task: id, configuration: C })), [400, 110])
  assert.deepEqual(codes(await app.call('tasks.delete_configuration', { task: id, configuration: ['x'] })), [400, 110])
  await app.ok('tasks.edit_configuration', { task: id, configuration: C, force: true })
  await app.ok('tasks.delete_configuration', { task: id, configuration: ['param/2'], force: true })
  assert.equal((await configs(app, id)).length, 2)
})

test('configuration endpoints answer 400/101 unknown, 403/21 public, 400/12 bad input', async (t) => {
  const app = await testApp(t)
  const id = await seedTask(app)
  assert.deepEqual(codes(await app.call('tasks.get_configurations', { tasks: ['missing'] })), [400, 101])
  assert.deepEqual(codes(await app.call('tasks.edit_configuration', { task: 'missing', configuration: C })), [400, 101])
  assert.deepEqual(codes(await app.call('tasks.delete_configuration', { task: 'missing', configuration: ['a'] })), [400, 101])
  const shared = await seedTask(app, { company: '' })
  assert.deepEqual(codes(await app.call('tasks.edit_configuration', { task: shared, configuration: C })), [403, 21])
  assert.deepEqual(codes(await app.call('tasks.delete_configuration', { task: shared, configuration: ['a'] })), [403, 21])
  assert.deepEqual(codes(await app.call('tasks.edit_configuration', { task: id, configuration: [{ name: 'a' }] })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.delete_configuration', { task: id, configuration: [] })), [400, 12])
  assert.deepEqual(codes(await app.call('tasks.get_configuration_names', {})), [400, 12])
})
