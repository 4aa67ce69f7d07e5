import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createProject, readModel, readTask, seedModel, seedTask } from './project-test-kit.js'

test('projects.validate_delete counts the contents of the project and its children', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Counted')
  const child = await createProject(app, 'Counted/child')
  await seedTask(app, { project })
  await seedTask(app, { project: child, system_tags: ['archived'] })
  await seedTask(app, { project, type: 'report', system_tags: ['reports'] })
  await seedModel(app, { project: child })
  const res = await app.ok('projects.validate_delete', { project })
  assert.deepEqual(res, {
    pipelines: 0, datasets: 0, tasks: 2, non_archived_tasks: 1, models: 1, non_archived_models: 1, reports: 1, non_archived_reports: 1,
  })
  assert.deepEqual(codes(await app.call('projects.validate_delete', { project: 'nope' })), [400, 401])
})

test('projects.delete refuses a project with active tasks (400/402) or models (400/405) unless forced', async (t) => {
  const app = await testApp(t)
  const withTask = await createProject(app, 'With task')
  const task = await seedTask(app, { project: withTask })
  assert.deepEqual(codes(await app.call('projects.delete', { project: withTask })), [400, 402])
  const withModel = await createProject(app, 'With model')
  await seedModel(app, { project: withModel })
  assert.deepEqual(codes(await app.call('projects.delete', { project: withModel })), [400, 405])
  const res = await app.ok('projects.delete', { project: withTask, force: true })
  assert.deepEqual(res, { deleted: 1, disassociated_tasks: 1, deleted_models: 0, deleted_tasks: 0, urls: null })
  assert.equal((await readTask(app, task))?.project, null)
  assert.deepEqual(codes(await app.call('projects.delete', { project: withTask })), [400, 401])
})

test('projects.delete accepts archived contents and removes the whole subtree', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Archived only')
  const child = await createProject(app, 'Archived only/child')
  await seedTask(app, { project: child, system_tags: ['archived'] })
  const model = await seedModel(app, { project, system_tags: ['archived'] })
  const res = await app.ok('projects.delete', { project })
  assert.equal(res.deleted, 2)
  assert.equal(res.disassociated_tasks, 1)
  assert.equal((await readModel(app, model))?.project, null)
  assert.deepEqual(codes(await app.call('projects.get_by_id', { project: child })), [400, 401])
})

test('projects.delete refuses datasets with versions (400/406) and pipelines with active controllers (400/413)', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Test datasets delete')
  const dataset = await createProject(app, 'Test datasets delete/.datasets/test dataset', { system_tags: ['dataset'] })
  const version = await seedTask(app, { project: dataset, system_tags: ['dataset'] })
  assert.equal((await app.ok('projects.validate_delete', { project })).datasets, 1)
  assert.deepEqual(codes(await app.call('projects.delete', { project })), [400, 406])
  await app.app.store.transaction((tx) => tx.tasks.delete([version]))
  assert.equal((await app.ok('projects.validate_delete', { project })).datasets, 0)
  await app.ok('projects.delete', { project })

  const root = await createProject(app, 'Test pipelines delete')
  const pipeline = await createProject(app, 'Test pipelines delete/.pipelines/test pipeline', { system_tags: ['pipeline'] })
  const controller = await seedTask(app, { project: pipeline, type: 'controller', system_tags: ['pipeline'] })
  assert.equal((await app.ok('projects.validate_delete', { project: root })).pipelines, 1)
  assert.deepEqual(codes(await app.call('projects.delete', { project: root })), [400, 413])
  await app.app.store.transaction(async (tx) => {
    const task = await tx.tasks.get(controller)
    await tx.tasks.update({ ...task!, system_tags: ['archived'] })
  })
  assert.equal((await app.ok('projects.validate_delete', { project: root })).pipelines, 0)
  await app.ok('projects.delete', { project: root })
})

test('projects.delete with delete_contents deletes tasks and models and reports their urls', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Contents')
  const other = await createProject(app, 'Elsewhere')
  const task = await seedTask(app, {
    project, execution: { artifacts: [{ key: 'a', type: 'x', mode: 'output', uri: 'file:///art' }] },
  })
  const model = await seedModel(app, { project, uri: 'file:///model' })
  const user = await seedTask(app, { project: other, parent: task, models: { input: [{ name: 'm', model }], output: [] } })
  const res = await app.ok('projects.delete', { project, force: true, delete_contents: true })
  assert.deepEqual(res, {
    deleted: 1, disassociated_tasks: 0, deleted_models: 1, deleted_tasks: 1,
    urls: { model_urls: ['file:///model'], artifact_urls: ['file:///art'], event_urls: [] },
  })
  assert.equal(await readTask(app, task), undefined)
  assert.equal(await readModel(app, model), undefined)
  const left = await readTask(app, user)
  assert.equal(left?.parent, null)
  assert.equal(left?.models.input[0].model, '__DELETED__')
})

test('projects.delete answers 403/21 for a public project', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Public one')
  await app.ok('projects.make_public', { ids: [project] })
  assert.deepEqual(codes(await app.call('projects.delete', { project })), [403, 21])
  assert.deepEqual(codes(await app.call('projects.validate_delete', { project })), [403, 21])
})
