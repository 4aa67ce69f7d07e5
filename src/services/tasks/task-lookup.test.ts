import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { createModel, createProject, createTask, getTask } from './crud-test-kit.js'
import {
  deleteTasksOfProjects, disassociateTasksFromProjects, getTaskForRead, getTasksForWrite, getTaskForWrite, unlinkModelsFromTasks,
} from './task-lookup.js'

async function identityOf(app: Awaited<ReturnType<typeof testApp>>) {
  const { user } = await app.ok('users.get_current_user')
  return { user: user.id, company: user.company.id, role: 'admin' as const, userName: user.name, companyName: '' }
}

const subcode = async (p: Promise<unknown>) => p.then(() => 0, (e: { code: number; subcode: number }) => [e.code, e.subcode])

test('getTaskForRead reads public tasks; getTaskForWrite refuses them with 403/21', async (t) => {
  const app = await testApp(t)
  const identity = await identityOf(app)
  const id = await createTask(app)
  await app.ok('tasks.make_public', { ids: [id] })
  await app.app.store.read(async (tx) => {
    assert.equal((await getTaskForRead(tx, identity, id)).id, id)
    assert.deepEqual(await subcode(getTaskForWrite(tx, identity, id)), [403, 21])
    assert.deepEqual(await subcode(getTaskForRead(tx, identity, 'missing')), [400, 101])
    assert.deepEqual(await subcode(getTasksForWrite(tx, identity, ['missing'])), [400, 101])
  })
})

test('deleteTasksOfProjects deletes the tasks and orphans children elsewhere', async (t) => {
  const app = await testApp(t)
  const identity = await identityOf(app)
  const project = await createProject(app, 'Doomed')
  const doomed = await createTask(app, { project, execution: { artifacts: [{ key: 'a', type: 't', uri: 'u' }] } })
  const child = await createTask(app, { parent: doomed })
  const res = await app.app.store.transaction((tx) => deleteTasksOfProjects(tx, identity, [project], new Date()))
  assert.deepEqual(res, { deleted: 1, taskIds: [doomed], artifactUrls: ['u'] })
  assert.equal((await getTask(app, child)).parent, null)
})

test('disassociateTasksFromProjects moves tasks to the top level', async (t) => {
  const app = await testApp(t)
  const identity = await identityOf(app)
  const project = await createProject(app, 'Left')
  const id = await createTask(app, { project })
  const n = await app.app.store.transaction((tx) => disassociateTasksFromProjects(tx, identity.company, [project], new Date()))
  assert.equal(n, 1)
  assert.equal((await getTask(app, id)).project, null)
})

test('unlinkModelsFromTasks marks inputs deleted and drops outputs of unpublished tasks', async (t) => {
  const app = await testApp(t)
  const identity = await identityOf(app)
  const model = await createModel(app)
  const id = await createTask(app, { models: { input: [{ name: 'i', model }], output: [{ name: 'o', model }] } })
  const n = await app.app.store.transaction((tx) => unlinkModelsFromTasks(tx, identity, [model], new Date()))
  assert.equal(n, 1)
  const task = await getTask(app, id)
  assert.deepEqual(task.models.input.map((m: any) => m.model), ['__DELETED__'])
  assert.deepEqual(task.models.output, [])
})
