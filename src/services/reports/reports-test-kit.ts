// Shared helpers of the reports tests.
import type { TestApp } from '../../test/test-app.js'

export const codes = (res: { meta: { result_code: number; result_subcode: number } }): [number, number] =>
  [res.meta.result_code, res.meta.result_subcode]

export async function createReport(app: TestApp, name: string, extra: Record<string, unknown> = {}): Promise<{ id: string; project_id: string }> {
  return app.ok('reports.create', { name, ...extra })
}

export async function createProject(app: TestApp, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  return (await app.ok('projects.create', { name, description: '', ...extra })).id
}

export async function getTask(app: TestApp, id: string): Promise<any> {
  return (await app.ok('tasks.get_all_ex', { id: [id] })).tasks[0]
}

/** A project by exact full name, hidden ones included; undefined when absent. */
export async function projectNamed(app: TestApp, name: string): Promise<any> {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return (await app.ok('projects.get_all_ex', { name: `^${escaped}$`, search_hidden: true, allow_public: false })).projects[0]
}

export async function projectExists(app: TestApp, id: string): Promise<boolean> {
  return (await app.ok('projects.get_all_ex', { id: [id] })).projects.length === 1
}
