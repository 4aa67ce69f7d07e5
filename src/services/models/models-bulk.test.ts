import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createModel, readModel, seedProject } from './model-test-fixtures.js'

const failedIds = (res: { failed: { id: string }[] }) => res.failed.map((f) => f.id)

test('models.archive_many and unarchive_many toggle the archived system tag per id', async (t) => {
  const app = await testApp(t)
  const ids = [await createModel(app), await createModel(app, { system_tags: ['keep'] })]
  const archived = await app.ok('models.archive_many', { ids: [...ids, 'missing'] })
  assert.deepEqual(archived.succeeded, ids.map((id) => ({ id, archived: true })))
  assert.deepEqual(failedIds(archived), ['missing'])
  assert.deepEqual(archived.failed[0].error.codes, [400, 201])
  assert.deepEqual((await readModel(app, ids[1]))?.system_tags, ['archived', 'keep'])
  const unarchived = await app.ok('models.unarchive_many', { ids: [...ids, 'missing'] })
  assert.deepEqual(unarchived.succeeded, ids.map((id) => ({ id, unarchived: true })))
  assert.deepEqual((await readModel(app, ids[1]))?.system_tags, ['keep'])
  assert.deepEqual(codes(await app.call('models.archive_many', { ids: [] })), [400, 12])
})

test('models.move puts models under a project by name (created when missing), by id, or at the root', async (t) => {
  const app = await testApp(t)
  const model = await createModel(app)
  const { project_id: created } = await app.ok('models.move', { ids: [model], project_name: 'test move' })
  const [moved] = (await app.ok('models.get_all_ex', { id: [model] })).models
  assert.deepEqual(moved.project, { id: created })
  const again = await app.ok('models.move', { ids: [model], project_name: 'test move' })
  assert.equal(again.project_id, created)
  const other = await seedProject(app, 'other project')
  assert.equal((await app.ok('models.move', { ids: [model], project: other })).project_id, other)
  assert.equal((await readModel(app, model))?.project, other)
  assert.equal((await app.ok('models.move', { ids: [model], project: null })).project_id, null)
  assert.equal((await readModel(app, model))?.project, null)
})

test('models.move answers 400/11 without a target and 400/401 for an unknown project', async (t) => {
  const app = await testApp(t)
  const model = await createModel(app)
  assert.deepEqual(codes(await app.call('models.move', { ids: [model] })), [400, 11])
  assert.deepEqual(codes(await app.call('models.move', { ids: [model], project: 'missing' })), [400, 401])
  assert.deepEqual(codes(await app.call('models.move', { ids: [], project_name: 'x y z' })), [400, 12])
})

test('models.make_public and make_private move a model between the company and the public space', async (t) => {
  const app = await testApp(t)
  const model = await createModel(app, { name: 'public model test' })
  assert.deepEqual(codes(await app.call('models.make_private', { ids: [model] })), [400, 201])
  assert.deepEqual(await app.ok('models.make_public', { ids: [model] }), { updated: 1 })
  const stored = await readModel(app, model)
  assert.deepEqual([stored?.company, typeof stored?.company_origin], ['', 'string'])
  assert.deepEqual((await app.ok('models.get_all', { id: [model] })).models.map((m: { id: string }) => m.id), [model])
  assert.equal('company_origin' in (await app.ok('models.get_by_id', { model })).model, false)
  assert.deepEqual(codes(await app.call('models.make_public', { ids: [model] })), [400, 201])
  assert.deepEqual(await app.ok('models.make_private', { ids: [model] }), { updated: 1 })
  assert.equal((await readModel(app, model))?.company_origin, undefined)
  await app.ok('models.update', { model, name: 'public model test change 2' })
  assert.deepEqual(codes(await app.call('models.make_public', { ids: [] })), [400, 12])
  assert.equal((await app.call('models.make_public', { ids: [model] }, { version: '2.8' })).status, 404)
})

test('models.update_tags adds then removes user tags and counts one per model and operation', async (t) => {
  const app = await testApp(t)
  const a = await createModel(app, { tags: ['old'] })
  const b = await createModel(app)
  assert.deepEqual(await app.ok('models.update_tags', { ids: [a, b], add_tags: ['new', 'x'], remove_tags: ['old', 'x'] }), { updated: 4 })
  assert.deepEqual((await readModel(app, a))?.tags, ['new'])
  assert.deepEqual(await app.ok('models.update_tags', { ids: [b], add_tags: ['y'] }), { updated: 1 })
  assert.deepEqual((await readModel(app, b))?.tags, ['new', 'y'])
})

test('models.update_tags answers 400/12 without ids or tags', async (t) => {
  const app = await testApp(t)
  const a = await createModel(app)
  assert.deepEqual(codes(await app.call('models.update_tags', { add_tags: ['x'] })), [400, 12])
  assert.deepEqual(codes(await app.call('models.update_tags', { ids: [a] })), [400, 12])
})

test('models.add_or_update_metadata merges or replaces items and delete_metadata removes keys', async (t) => {
  const app = await testApp(t)
  const meta = { test1: { key: 'test1', type: 'str', value: 'data1' }, test2: { key: 'test2', type: 'str', value: 'data2' } }
  const model = await createModel(app, { metadata: meta })
  const update = [{ key: 'test2', type: 'int', value: '10' }, { key: 'test3', type: 'array', value: 'a,b' }]
  assert.deepEqual(await app.ok('models.add_or_update_metadata', { model, metadata: update }), { updated: 1 })
  const read = async () => (await app.ok('models.get_all_ex', { id: [model] })).models[0].metadata
  assert.deepEqual(await read(), { test1: meta.test1, test2: update[0], test3: update[1] })
  assert.deepEqual(await app.ok('models.delete_metadata', { model, keys: ['test2', 'test3', 'nope'] }), { updated: 1 })
  assert.deepEqual(await read(), { test1: meta.test1 })
  await app.ok('models.add_or_update_metadata', { model, metadata: [update[1]], replace_metadata: true })
  assert.deepEqual(await read(), { test3: update[1] })
})

test('models metadata endpoints answer 400/201 for unknown models and 400/12 for malformed items', async (t) => {
  const app = await testApp(t)
  const item = { key: 'k', type: 'str', value: 'v' }
  assert.deepEqual(codes(await app.call('models.add_or_update_metadata', { model: 'missing', metadata: [item] })), [400, 201])
  assert.deepEqual(codes(await app.call('models.delete_metadata', { model: 'missing', keys: ['k'] })), [400, 201])
  const model = await createModel(app)
  assert.deepEqual(codes(await app.call('models.add_or_update_metadata', { model, metadata: [] })), [400, 12])
  assert.deepEqual(codes(await app.call('models.add_or_update_metadata', { model, metadata: [{ key: 'k' }] })), [400, 12])
  assert.deepEqual(codes(await app.call('models.delete_metadata', { model, keys: [] })), [400, 12])
})
