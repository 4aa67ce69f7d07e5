import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp, type TestApp } from '../../test/test-app.js'
import { codes, createModel, readModel, readTask, seedTask } from './model-test-fixtures.js'

async function outputOf(app: TestApp, status: 'in_progress' | 'published') {
  const task = await seedTask(app, { status })
  const model = await createModel(app, { task, ready: false, uri: 'file:///out.pt' })
  await app.app.store.transaction(async (tx) => {
    const doc = await tx.tasks.get(task)
    if (doc) await tx.tasks.update({ ...doc, models: { input: [], output: [{ name: 'Output Model', model }] } })
  })
  return { task, model }
}

test('models.delete removes the model, drops it from a draft task\'s outputs and returns its url', async (t) => {
  const app = await testApp(t)
  const { task, model } = await outputOf(app, 'in_progress')
  assert.deepEqual(await app.ok('models.delete', { model }), { deleted: true, url: 'file:///out.pt' })
  assert.equal(await readModel(app, model), undefined)
  assert.deepEqual((await readTask(app, task))?.models.output, [])
  assert.deepEqual(codes(await app.call('models.get_by_id', { model })), [400, 201])
})

test('models.delete of a published task\'s model answers 400/206 unless forced, then leaves a __DELETED__ reference', async (t) => {
  const app = await testApp(t)
  const { task, model } = await outputOf(app, 'published')
  assert.deepEqual(codes(await app.call('models.delete', { model })), [400, 206])
  assert.equal((await app.ok('models.delete', { model, force: true })).deleted, true)
  const stored = await readTask(app, task)
  assert.equal(stored?.models.output[0].model, `__DELETED__${model}`)
  assert.match(String(stored?.output.error), /^model deleted on /)
})

test('models.delete of an input model answers 400/205 unless forced', async (t) => {
  const app = await testApp(t)
  const model = await createModel(app)
  const task = await seedTask(app, { models: { input: [{ name: 'in', model }], output: [] } })
  assert.deepEqual(codes(await app.call('models.delete', { model })), [400, 205])
  await app.ok('models.delete', { model, force: true })
  assert.equal((await readTask(app, task))?.models.input[0].model, `__DELETED__${model}`)
})

test('models.delete answers 400/201 for an unknown model', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('models.delete', { model: 'missing' })), [400, 201])
})

test('models.delete_many deletes each id and reports urls and failures', async (t) => {
  const app = await testApp(t)
  const a = await createModel(app, { uri: 'file:///0' })
  const b = await createModel(app, { uri: 'file:///1' })
  const res = await app.ok('models.delete_many', { ids: [a, b, 'missing'], force: true })
  assert.deepEqual(new Set(res.succeeded.map((s: { url: string }) => s.url)), new Set(['file:///0', 'file:///1']))
  assert.ok(res.succeeded.every((s: { deleted: boolean }) => s.deleted))
  assert.deepEqual(res.failed.map((f: { id: string; error: { codes: number[] } }) => [f.id, f.error.codes]), [['missing', [400, 201]]])
  assert.deepEqual((await app.ok('models.get_all_ex', { id: [a, b] })).models, [])
})

test('models.delete_many without force reports a model in use as failed and keeps it', async (t) => {
  const app = await testApp(t)
  const model = await createModel(app)
  await seedTask(app, { models: { input: [{ name: 'in', model }], output: [] } })
  const res = await app.ok('models.delete_many', { ids: [model] })
  assert.deepEqual(res.failed[0].error.codes, [400, 205])
  assert.ok(await readModel(app, model))
})
