// Test data for the queues tests: tasks written straight into the store, so these tests do not depend on
// tasks.create / tasks.enqueue (other services, tested on their own).
import { randomUUID } from 'node:crypto'
import { toApiDate } from '../../domain/dates.js'
import type { QueueDoc } from '../../domain/entities/queue.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { TestApp } from '../../test/test-app.js'

const newId = () => randomUUID().replace(/-/g, '')

export async function me(app: TestApp): Promise<{ user: string; company: string }> {
  const { user } = await app.ok('users.get_current_user')
  return { user: user.id, company: user.company.id }
}

export async function seedTask(app: TestApp, overrides: Partial<TaskDoc> = {}): Promise<string> {
  const who = await me(app)
  const doc: TaskDoc = {
    id: newId(), company: who.company, user: who.user, name: 'queue test task', type: 'training', status: 'created',
    created: toApiDate(new Date()), tags: [], system_tags: [], execution: {}, hyperparams: {}, configuration: {},
    runtime: {}, container: {}, models: { input: [], output: [] }, output: {}, last_metrics: {}, script: {},
    ...overrides,
  }
  await app.app.store.transaction((tx) => tx.tasks.insert(doc))
  return doc.id
}

/** A task in `queued` status that sits in the queue, as tasks.enqueue leaves it. */
export async function seedQueuedTask(app: TestApp, queue: string, overrides: Partial<TaskDoc> = {}): Promise<string> {
  const id = await seedTask(app, { status: 'queued', enqueue_status: 'created', execution: { queue }, ...overrides })
  await app.ok('queues.add_task', { queue, task: id })
  return id
}

export const createQueue = async (app: TestApp, name: string, extra: Record<string, unknown> = {}): Promise<string> =>
  (await app.ok('queues.create', { name, ...extra })).id

export const readTask = (app: TestApp, id: string): Promise<TaskDoc | undefined> => app.app.store.read((tx) => tx.tasks.get(id))
export const readQueue = (app: TestApp, id: string): Promise<QueueDoc | undefined> => app.app.store.read((tx) => tx.queues.get(id))

export const codes = (res: { meta: { result_code: number; result_subcode: number } }): [number, number] =>
  [res.meta.result_code, res.meta.result_subcode]

export const entryTasks = (queue: { entries: { task: unknown }[] }): unknown[] => queue.entries.map((e) => e.task)
