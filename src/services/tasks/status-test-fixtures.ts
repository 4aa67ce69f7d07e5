// Test data for the status and parameter tests: documents written straight into the store, so these tests do not
// depend on tasks.create or queues.create (other services, tested on their own).
import { randomUUID } from 'node:crypto'
import { toApiDate } from '../../domain/dates.js'
import type { QueueDoc } from '../../domain/entities/queue.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { ModelDoc } from '../../domain/entities/model.js'
import type { TestApp } from '../../test/test-app.js'
import { newQueueDoc } from '../queues/queue-ops.js'

const newId = () => randomUUID().replace(/-/g, '')

export async function whoAmI(app: TestApp): Promise<{ user: string; company: string; name: string }> {
  const { user } = await app.ok('users.get_current_user')
  return { user: user.id, company: user.company.id, name: user.name }
}

export async function seedTask(app: TestApp, overrides: Partial<TaskDoc> = {}): Promise<string> {
  const me = await whoAmI(app)
  const doc: TaskDoc = {
    id: newId(), company: me.company, user: me.user, name: 'status test', type: 'testing', status: 'created',
    created: toApiDate(new Date()), tags: [], system_tags: [], execution: {}, hyperparams: {}, configuration: {},
    runtime: {}, container: {}, models: { input: [], output: [] }, output: {}, last_metrics: {}, script: {},
    ...overrides,
  }
  await app.app.store.transaction((tx) => tx.tasks.insert(doc))
  return doc.id
}

export async function seedQueue(app: TestApp, name: string, o: { systemTags?: string[]; company?: string } = {}): Promise<string> {
  const me = await whoAmI(app)
  const doc = newQueueDoc({ id: newId(), company: o.company ?? me.company, name, now: new Date(), systemTags: o.systemTags })
  await app.app.store.transaction((tx) => tx.queues.insert(doc))
  return doc.id
}

export async function seedModel(app: TestApp, overrides: Partial<ModelDoc> = {}): Promise<string> {
  const me = await whoAmI(app)
  const doc: ModelDoc = {
    id: newId(), company: me.company, user: me.user, name: 'status test model', created: toApiDate(new Date()),
    tags: [], system_tags: [], ready: false, ...overrides,
  }
  await app.app.store.transaction((tx) => tx.models.insert(doc))
  return doc.id
}

export const readTask = (app: TestApp, id: string): Promise<TaskDoc> =>
  app.app.store.read(async (tx) => {
    const task = await tx.tasks.get(id)
    if (!task) throw new Error(`no task ${id}`)
    return task
  })

export const readQueue = (app: TestApp, id: string): Promise<QueueDoc | undefined> => app.app.store.read((tx) => tx.queues.get(id))
export const readModel = (app: TestApp, id: string): Promise<ModelDoc | undefined> => app.app.store.read((tx) => tx.models.get(id))

export const codes = (res: { meta: { result_code: number; result_subcode: number } }): [number, number] =>
  [res.meta.result_code, res.meta.result_subcode]
