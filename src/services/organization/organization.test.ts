import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createProject, me, seedModel, seedTask } from '../projects/project-test-kit.js'

test('organization.get_tags merges task and model tags, with system tags and filters', async (t) => {
  const app = await testApp(t)
  await seedModel(app, { tags: ['tag1'] })
  await seedTask(app, { tags: ['tag2'], system_tags: ['Orgtest system tag'] })
  assert.deepEqual(await app.ok('organization.get_tags', {}), { tags: ['tag1', 'tag2'] })
  assert.deepEqual(await app.ok('organization.get_tags', { include_system: true }),
    { tags: ['tag1', 'tag2'], system_tags: ['Orgtest system tag'] })
  const filtered = await app.ok('organization.get_tags', { filter: { system_tags: ['__$not', 'Orgtest system tag'] } })
  assert.deepEqual(filtered.tags, ['tag1'])
  assert.deepEqual(codes(await app.call('organization.get_tags', { filter: { tags: ['__$xx', 'a'] } })), [400, 16])
})

test('organization.get_user_companies lists the company with its users sorted by name', async (t) => {
  const app = await testApp(t)
  const { companies } = await app.ok('organization.get_user_companies', {})
  assert.equal(companies.length, 1)
  const [company] = companies
  assert.equal(company.id, (await me(app)).company)
  assert.equal(company.allocated, company.owners.length)
  assert.deepEqual(company.owners.map((u: { name: string }) => u.name), ['Ada Admin', 'Jane Doe'])
  for (const owner of company.owners) {
    assert.ok(owner.id)
    assert.ok('avatar' in owner)
  }
})

test('organization.get_entities_count counts each queried entity, hidden ones only when asked', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Counted project')
  await createProject(app, 'Counted project/.datasets', { system_tags: ['hidden'] })
  await createProject(app, 'Counted project/Dataset test', { system_tags: ['dataset'] })
  await seedTask(app, { project })
  await seedTask(app, { project, system_tags: ['hidden'] })
  await seedTask(app, { project, type: 'report', system_tags: ['reports', 'hidden'] })
  await seedModel(app, { project })
  const res = await app.ok('organization.get_entities_count', {
    projects: { name: '^Counted' }, tasks: { project: [project] }, models: {}, datasets: { system_tags: ['dataset'] }, reports: {},
  })
  assert.deepEqual(res, { projects: 2, tasks: 1, models: 1, datasets: 1, reports: 1 })
  const hidden = await app.ok('organization.get_entities_count', { projects: { name: '^Counted' }, tasks: {}, search_hidden: true })
  assert.deepEqual(hidden, { projects: 3, tasks: 3 })
  assert.deepEqual(await app.ok('organization.get_entities_count', {}), {})
  assert.deepEqual(codes(await app.call('organization.get_entities_count', { tasks: { created: ['x'] } })), [400, 12])
})

test('organization.get_entities_count with active_users counts projects those users were active in', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Aggregation')
  const user = (await me(app)).user
  assert.deepEqual(await app.ok('organization.get_entities_count', { projects: { id: [project] }, active_users: ['someone'] }), { projects: 0 })
  assert.deepEqual(await app.ok('organization.get_entities_count', { projects: { id: [project] }, active_users: [user] }), { projects: 1 })
  await seedTask(app, { project, user: 'someone' })
  await seedTask(app, { project })
  assert.deepEqual(await app.ok('organization.get_entities_count', { tasks: {}, active_users: ['someone'] }), { tasks: 1 })
})
