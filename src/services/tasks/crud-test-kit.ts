// Helpers for the task document tests: create through the API, read back, compare codes.
import type { TestApp } from '../../test/test-app.js'

export const codes = (res: { meta: { result_code: number; result_subcode: number } }): [number, number] =>
  [res.meta.result_code, res.meta.result_subcode]

export async function createTask(app: TestApp, fields: Record<string, unknown> = {}, version?: string): Promise<string> {
  const { id } = await app.ok('tasks.create', { name: 'test task', type: 'testing', ...fields }, version ? { version } : {})
  return id as string
}

export async function createProject(app: TestApp, name = 'Test project'): Promise<string> {
  const { id } = await app.ok('projects.create', { name, description: '' })
  return id as string
}

export async function createModel(app: TestApp, fields: Record<string, unknown> = {}): Promise<string> {
  const { id } = await app.ok('models.create', { name: 'test model', uri: 'file:///a/b', labels: {}, ...fields })
  return id as string
}

export async function getTask(app: TestApp, id: string, version?: string): Promise<Record<string, any>> {
  const { task } = await app.ok('tasks.get_by_id', { task: id }, version ? { version } : {})
  return task
}

/** Moves a task to `published` through the status endpoints. */
export async function publishTask(app: TestApp, id: string): Promise<void> {
  await app.ok('tasks.started', { task: id })
  await app.ok('tasks.stopped', { task: id })
  await app.ok('tasks.publish', { task: id, publish_model: false })
}
