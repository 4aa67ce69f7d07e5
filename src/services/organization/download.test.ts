import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createProject, seedModel, seedTask } from '../projects/project-test-kit.js'

const mappings = [
  { field: 'name', name: 'Name' },
  { field: 'status', name: 'Status', values: [{ key: 'created', value: 'Draft' }] },
  { field: 'project', name: 'Project' },
  { field: 'tags' },
]

test('organization.prepare_download_for_get_all then download_for_get_all exports tasks as CSV', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Export me')
  await seedTask(app, { project, name: 'first "one"', tags: ['a', 'b'] })
  await seedTask(app, { project, name: 'second', status: 'completed' })
  const { prepare_id: id } = await app.ok('organization.prepare_download_for_get_all', {
    entity_type: 'task', only_fields: ['name', 'status', 'project.name', 'tags'], field_mappings: mappings,
    project: [project], order_by: ['name'],
  })
  const res = await app.app.servers.api.inject({
    method: 'GET', url: `/organization.download_for_get_all?prepare_id=${id}`, headers: { authorization: `Bearer ${app.adminToken}` },
  })
  assert.equal(res.statusCode, 200)
  assert.match(String(res.headers['content-type']), /^text\/csv/)
  assert.match(String(res.headers['content-disposition']), /clearml-Export me-tasks\.csv/)
  assert.equal(res.body, '\ufeff"Name","Status","Project","tags"\r\n'
    + `"first ""one""","Draft","${project}","['a', 'b']"\r\n`
    + `"second","completed","${project}","[]"\r\n`)
})

test('organization.download_for_get_all writes only the header when nothing matches, and exports models', async (t) => {
  const app = await testApp(t)
  await seedModel(app, { name: 'exported model' })
  const prepare = async (query: Record<string, unknown>) => (await app.ok('organization.prepare_download_for_get_all', {
    entity_type: 'model', only_fields: ['name'], field_mappings: [{ field: 'name', name: 'Model name' }], ...query,
  })).prepare_id
  const download = (id: string) => app.app.servers.api.inject({
    method: 'GET', url: `/organization.download_for_get_all?prepare_id=${id}`, headers: { authorization: `Bearer ${app.adminToken}` },
  })
  assert.equal((await download(await prepare({ name: 'nothing here' }))).body, 'Model name\r\n')
  const all = await download(await prepare({ project: [null] }))
  assert.equal(all.body, '\ufeff"Model name"\r\n"exported model"\r\n')
  assert.match(String(all.headers['content-disposition']), /clearml-root-models\.csv/)
})

test('organization download endpoints answer 400/12 for bad mappings and 400/10 for an unknown prepare id', async (t) => {
  const app = await testApp(t)
  const bad = { entity_type: 'task', only_fields: ['name'], field_mappings: [{ field: 'name' }, { field: 'name' }] }
  assert.deepEqual(codes(await app.call('organization.prepare_download_for_get_all', bad)), [400, 12])
  const noType = { only_fields: ['name'], field_mappings: [{ field: 'name' }] }
  assert.deepEqual(codes(await app.call('organization.prepare_download_for_get_all', noType)), [400, 12])
  assert.deepEqual(codes(await app.call('organization.prepare_download_for_get_all', { ...noType, entity_type: 'task', field_mappings: [] })), [400, 12])
  assert.deepEqual(codes(await app.call('organization.download_for_get_all', { prepare_id: 'nope' })), [400, 10])
})
