// Test data for the projects and organization tests: tasks and models written straight into the store, so
// these tests do not depend on the tasks and models endpoints (tested on their own).
import { randomUUID } from 'node:crypto'
import { toApiDate } from '../../domain/dates.js'
import type { ModelDoc } from '../../domain/entities/model.js'
import type { ProjectDoc } from '../../domain/entities/project.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { TestApp } from '../../test/test-app.js'

// Tasks are seeded the same way as in the queues tests.
export { codes, seedTask } from '../queues/queue-test-kit.js'

const newId = () => randomUUID().replace(/-/g, '')

export async function me(app: TestApp, token?: string): Promise<{ user: string; company: string }> {
  const { user } = await app.ok('users.get_current_user', {}, token ? { token } : {})
  return { user: user.id, company: user.company.id }
}

export async function seedModel(app: TestApp, overrides: Partial<ModelDoc> = {}): Promise<string> {
  const who = await me(app)
  const doc: ModelDoc = {
    id: newId(), company: who.company, user: who.user, name: 'project test model', created: toApiDate(new Date()),
    tags: [], system_tags: [], ready: false, uri: 'file:///a/b', ...overrides,
  }
  await app.app.store.transaction((tx) => tx.models.insert(doc))
  return doc.id
}

export const createProject = async (app: TestApp, name: string, extra: Record<string, unknown> = {}): Promise<string> =>
  (await app.ok('projects.create', { name, description: '', ...extra })).id

export const readProject = (app: TestApp, id: string): Promise<ProjectDoc | undefined> =>
  app.app.store.read((tx) => tx.projects.get(id))
export const readTask = (app: TestApp, id: string): Promise<TaskDoc | undefined> => app.app.store.read((tx) => tx.tasks.get(id))
export const readModel = (app: TestApp, id: string): Promise<ModelDoc | undefined> => app.app.store.read((tx) => tx.models.get(id))


export const isoAgo = (ms: number): string => toApiDate(new Date(Date.now() - ms))
