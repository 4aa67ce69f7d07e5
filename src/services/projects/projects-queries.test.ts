import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp, USER } from '../../test/test-app.js'
import { codes, createProject, me, seedModel, seedTask } from './project-test-kit.js'

const param = (section: string, name: string, value: string) => ({ [section]: { [name]: { section, name, value, type: 'str' } } })

test('projects.get_task_parents lists distinct parents sorted by name, with their project', async (t) => {
  const app = await testApp(t)
  const standalone = await seedTask(app, { name: 'Test parent parent standalone' })
  await seedTask(app, { name: 'child standalone', parent: standalone })
  const project = await createProject(app, 'Test parents project')
  const parent = await seedTask(app, { project, name: 'Test parent parent' })
  await seedTask(app, { project, name: 'Test parent task1', parent })
  await seedTask(app, { project, name: 'Test parent task2', parent })
  const inProject = await app.ok('projects.get_task_parents', { projects: [project] }, { version: '2.12' })
  assert.deepEqual(inProject.parents, [{ id: parent, name: 'Test parent parent', project: { id: project, name: 'Test parents project' } }])
  const all = (await app.ok('projects.get_task_parents', {})).parents
  assert.deepEqual(all.map((p: { id: string }) => p.id), [parent, standalone])
  assert.equal(all[1].project, undefined)
  assert.deepEqual(codes(await app.call('projects.get_task_parents', {}, { version: '2.11' })), [404, 0])
})

test('projects.get_task_parents filters by parent name and by the children\'s state', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Test parents project')
  const p1 = await seedTask(app, { project, name: 'Parent1' })
  const p2 = await seedTask(app, { project, name: 'Parent2' })
  await seedTask(app, { project, name: 'Parent3' })
  await seedTask(app, { project, name: 'Child1', parent: p1 })
  await seedTask(app, { project, name: 'Child2', parent: p2, system_tags: ['archived'] })
  const q = async (extra: Record<string, unknown>) =>
    (await app.ok('projects.get_task_parents', { projects: [project], ...extra })).parents.map((p: { id: string }) => p.id)
  assert.deepEqual(await q({ task_name: 'Parent' }), [p1, p2])
  assert.deepEqual(await q({ task_name: 'Parent3' }), [])
  assert.deepEqual(await q({ tasks_state: 'active' }), [p1])
  assert.deepEqual(await q({ tasks_state: 'archived' }), [p2])
  assert.deepEqual(codes(await app.call('projects.get_task_parents', { tasks_state: 'gone' })), [400, 12])
})

test('projects.get_user_names names the owners of tasks or models under the projects', async (t) => {
  const app = await testApp(t)
  const token = await app.login(USER.username, USER.password)
  const jane = await me(app, token)
  const root = await createProject(app, 'Users root')
  const child = await createProject(app, 'Users root/child')
  assert.deepEqual((await app.ok('projects.get_user_names', { projects: [root] })).users, [])
  await seedTask(app, { project: child, user: jane.user })
  await seedModel(app, { project: child })
  assert.deepEqual((await app.ok('projects.get_user_names', { projects: [root] })).users, [{ id: jane.user, name: 'Jane Doe' }])
  const models = (await app.ok('projects.get_user_names', { projects: [root], entity: 'model' })).users
  assert.deepEqual(models, [{ id: (await me(app)).user, name: 'Ada Admin' }])
  assert.deepEqual((await app.ok('projects.get_user_names', { projects: [root], include_subprojects: false })).users, [])
})

test('projects.get_hyper_parameters lists section/name pairs with paging', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Params')
  await seedTask(app, { project, hyperparams: { ...param('Args', 'lr', '0.1'), ...param('General', 'x', '1') } })
  await seedTask(app, { project, hyperparams: param('Args', 'batch', '32') })
  await seedTask(app, { hyperparams: param('Other', 'y', '2') })
  const res = await app.ok('projects.get_hyper_parameters', { project }, { version: '2.9' })
  assert.deepEqual(res, {
    total: 3, remaining: 0,
    parameters: [{ section: 'Args', name: 'batch' }, { section: 'Args', name: 'lr' }, { section: 'General', name: 'x' }],
  })
  const page = await app.ok('projects.get_hyper_parameters', { project, page: 1, page_size: 2 })
  assert.deepEqual(page, { total: 3, remaining: 0, parameters: [{ section: 'General', name: 'x' }] })
  assert.equal((await app.ok('projects.get_hyper_parameters', {})).total, 4)
})

test('projects.get_hyperparam_values returns distinct values in numeric order, with a pattern', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Values')
  for (const i of [10, 2, 1, 0, 2]) {
    await seedTask(app, { project, hyperparams: { Args: { ...param('Args', 'n', String(i)).Args, ...param('Args', 'c', 'Constant').Args } } })
  }
  const q = (extra: Record<string, unknown>) => app.ok('projects.get_hyperparam_values', { projects: [project], ...extra })
  assert.deepEqual(await q({ section: 'Args', name: 'n' }), { total: 4, values: ['0', '1', '2', '10'] })
  assert.deepEqual(await q({ section: 'Args', name: 'c' }), { total: 1, values: ['Constant'] })
  assert.deepEqual(await q({ section: 'missing', name: 'missing' }), { total: 0, values: [] })
  assert.deepEqual(await q({ section: 'Args', name: 'n', pattern: '^1' }), { total: 2, values: ['1', '10'] })
  assert.deepEqual(await q({ section: 'Args', name: 'n', pattern: '11' }), { total: 0, values: [] })
  assert.deepEqual(codes(await app.call('projects.get_hyperparam_values', { section: 'Args', name: 'n', pattern: '(' })), [400, 21])
  assert.deepEqual(codes(await app.call('projects.get_hyperparam_values', { section: 'Args' })), [400, 12])
})

test('projects.get_unique_metric_variants lists metric/variant pairs of tasks or models', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Metrics')
  const metric = (m: string, v: string) => ({ [`h${m}`]: { [`h${v}`]: { metric: m, variant: v, value: 1 } } })
  const t1 = await seedTask(app, { project, last_metrics: metric('Metric1', 'Variant') })
  const t2 = await seedTask(app, { project, last_metrics: metric('Metric2', 'Variant') })
  await seedModel(app, { project, last_metrics: metric('Loss', 'total') })
  const names = async (req: Record<string, unknown>) =>
    (await app.ok('projects.get_unique_metric_variants', req)).metrics.map((m: { metric: string }) => m.metric)
  assert.deepEqual(await names({ project }), ['Metric1', 'Metric2'])
  assert.deepEqual(await names({ ids: [t1, t2] }), ['Metric1', 'Metric2'])
  assert.deepEqual(await names({ ids: [t1] }), ['Metric1'])
  assert.deepEqual(await names({ project, model_metrics: true }), ['Loss'])
  const [first] = (await app.ok('projects.get_unique_metric_variants', { project })).metrics
  assert.deepEqual(first, { metric: 'Metric1', metric_hash: 'hMetric1', variant: 'Variant', variant_hash: 'hVariant' })
})

test('projects.get_model_metadata_keys and _values read the models\' metadata', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'MetaParent')
  const meta = (key: string, value: string) => ({ [key]: { key, type: 'str', value } })
  await seedModel(app, { project, metadata: { ...meta('test_key', 'v1'), ...meta('test_key2', 'v2') } })
  await seedModel(app, { metadata: meta('test_key', 'v0') })
  assert.deepEqual(await app.ok('projects.get_model_metadata_keys', {}), { total: 2, remaining: 0, keys: ['test_key', 'test_key2'] })
  assert.deepEqual((await app.ok('projects.get_model_metadata_keys', { include_subprojects: false })).keys, ['test_key'])
  assert.deepEqual((await app.ok('projects.get_model_metadata_keys', { project })).keys, ['test_key', 'test_key2'])
  assert.deepEqual(await app.ok('projects.get_model_metadata_values', { key: 'test_key' }), { total: 2, values: ['v0', 'v1'] })
  assert.deepEqual(await app.ok('projects.get_model_metadata_values', { key: 'test_key', projects: [project] }), { total: 1, values: ['v1'] })
  assert.deepEqual(codes(await app.call('projects.get_model_metadata_values', {})), [400, 12])
})
