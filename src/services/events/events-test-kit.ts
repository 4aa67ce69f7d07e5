// Test data for the events tests: tasks and models written straight into the store (these tests do not depend
// on tasks.create / models.create), and batches sent the way the SDK sends them (json-lines).
import { randomUUID } from 'node:crypto'
import { toApiDate } from '../../domain/dates.js'
import type { ModelDoc } from '../../domain/entities/model.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { CallResult, TestApp } from '../../test/test-app.js'

const newId = () => randomUUID().replace(/-/g, '')

async function me(app: TestApp): Promise<{ user: string; company: string }> {
  const { user } = await app.ok('users.get_current_user')
  return { user: user.id, company: user.company.id }
}

export async function seedTask(app: TestApp, overrides: Partial<TaskDoc> = {}): Promise<string> {
  const who = await me(app)
  const doc: TaskDoc = {
    id: newId(), company: who.company, user: who.user, name: 'test task events', type: 'training', status: 'created',
    created: toApiDate(new Date()), tags: [], system_tags: [], execution: {}, hyperparams: {}, configuration: {},
    runtime: {}, container: {}, models: { input: [], output: [] }, output: {}, last_metrics: {}, script: {}, last_iteration: 0,
    ...overrides,
  }
  await app.app.store.transaction((tx) => tx.tasks.insert(doc))
  return doc.id
}

export async function seedModel(app: TestApp, overrides: Partial<ModelDoc> = {}): Promise<string> {
  const who = await me(app)
  const doc: ModelDoc = {
    id: newId(), company: who.company, user: who.user, name: 'test model events', created: toApiDate(new Date()),
    tags: [], system_tags: [], ready: false, uri: 'file:///a/b', ...overrides,
  }
  await app.app.store.transaction((tx) => tx.models.insert(doc))
  return doc.id
}

export const readTask = (app: TestApp, id: string): Promise<TaskDoc | undefined> => app.app.store.read((tx) => tx.tasks.get(id))
export const readModel = (app: TestApp, id: string): Promise<ModelDoc | undefined> => app.app.store.read((tx) => tx.models.get(id))

/** events.add_batch as json-lines, the way the SDK sends it. */
export function sendBatch(app: TestApp, events: readonly unknown[], o: { version?: string; headers?: Record<string, string> } = {}): Promise<CallResult> {
  const rawBody = events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n')
  return app.call('events.add_batch', undefined, { rawBody, version: o.version, headers: { 'content-type': 'application/json-lines', ...o.headers } })
}

export async function sendOk(app: TestApp, events: readonly unknown[]): Promise<{ added: number; errors: number; errors_info: Record<string, number> }> {
  const res = await sendBatch(app, events)
  if (res.status !== 200) throw new Error(`add_batch failed: ${res.status}/${res.meta.result_subcode} ${res.meta.result_msg}`)
  return res.data as { added: number; errors: number; errors_info: Record<string, number> }
}

let clock = 1_700_000_000_000
/** A strictly increasing timestamp, as the SDK bumps log timestamps to keep them unique. */
export const nextTimestamp = (): number => (clock += 1)

export function scalar(task: string, iter: number, value: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'training_stats_scalar', task, iter, metric: 'loss', variant: 'train', value, timestamp: nextTimestamp(), worker: 'test', ...extra }
}

export function log(task: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'log', task, level: 'info', worker: 'test', msg, timestamp: nextTimestamp(), ...extra }
}

export function image(task: string, iter: number, metric: string, variant: string, url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'training_debug_image', task, iter, metric, variant, url, key: `${metric}/${variant}/${url}`, timestamp: nextTimestamp(), worker: 'test', ...extra }
}

export function plot(task: string, iter: number, metric: string, variant: string, plotStr: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'plot', task, iter, metric, variant, plot_str: plotStr, timestamp: nextTimestamp(), worker: 'test', ...extra }
}

export const codes = (res: { meta: { result_code: number; result_subcode: number } }): [number, number] =>
  [res.meta.result_code, res.meta.result_subcode]
