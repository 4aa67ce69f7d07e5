// Test data for the models tests: tasks and projects are written straight into the store, so these tests do not
// depend on the tasks and projects services (tested on their own).
import { randomUUID } from 'node:crypto'
import { toApiDate } from '../../domain/dates.js'
import type { ModelDoc } from '../../domain/entities/model.js'
import type { ProjectDoc } from '../../domain/entities/project.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { TestApp } from '../../test/test-app.js'

const newId = () => randomUUID().replace(/-/g, '')

export async function me(app: TestApp): Promise<{ user: string; company: string }> {
  const { user } = await app.ok('users.get_current_user')
  return { user: user.id, company: user.company.id }
}

export async function seedTask(app: TestApp, overrides: Partial<TaskDoc> = {}): Promise<string> {
  const { user, company } = await me(app)
  const doc: TaskDoc = {
    id: newId(), company, user, name: 'model test task', type: 'training', status: 'created',
    created: toApiDate(new Date()), tags: [], system_tags: [], execution: {}, hyperparams: {}, configuration: {},
    runtime: {}, container: {}, models: { input: [], output: [] }, output: {}, last_metrics: {}, last_iteration: 0,
    ...overrides,
  }
  await app.app.store.transaction((tx) => tx.tasks.insert(doc))
  return doc.id
}

export async function seedProject(app: TestApp, name: string, overrides: Partial<ProjectDoc> = {}): Promise<string> {
  const { user, company } = await me(app)
  const at = toApiDate(new Date())
  const doc: ProjectDoc = {
    id: newId(), company, user, name, basename: name.split('/').at(-1) ?? name, parent: null, path: [], description: '',
    created: at, last_update: at, tags: [], system_tags: [], ...overrides,
  }
  await app.app.store.transaction((tx) => tx.projects.insert(doc))
  return doc.id
}

/** models.create with the fields ClearML's tests always send. */
export async function createModel(app: TestApp, fields: Record<string, unknown> = {}): Promise<string> {
  const res = await app.ok('models.create', { name: 'test model', uri: 'file:///a/b', labels: {}, ...fields })
  return res.id
}

export const readTask = (app: TestApp, id: string): Promise<TaskDoc | undefined> => app.app.store.read((tx) => tx.tasks.get(id))
export const readModel = (app: TestApp, id: string): Promise<ModelDoc | undefined> => app.app.store.read((tx) => tx.models.get(id))

export const codes = (res: { meta: { result_code: number; result_subcode: number } }): [number, number] =>
  [res.meta.result_code, res.meta.result_subcode]
