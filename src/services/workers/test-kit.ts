// Test data and a hand-driven clock for the workers and watchdog tests. Tasks are written straight into the store
// so these tests do not depend on tasks.create (another service, tested on its own).
import { randomUUID } from 'node:crypto'
import type { TestContext } from 'node:test'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { loadConfig } from '../../config/config.js'
import { toApiDate } from '../../domain/dates.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js'
import type { Store } from '../../store/store.js'
import type { TestApp } from '../../test/test-app.js'
import type { ServiceDeps } from '../deps.js'

export const newId = (): string => randomUUID().replace(/-/g, '')

export async function whoAmI(app: TestApp): Promise<{ user: string; company: string; name: string }> {
  const { user } = await app.ok('users.get_current_user')
  return { user: user.id, company: user.company.id, name: user.name }
}

export function taskDoc(company: string, user: string, overrides: Partial<TaskDoc> = {}): TaskDoc {
  return {
    id: newId(), company, user, name: 'worker test task', type: 'testing', status: 'created',
    created: toApiDate(new Date()), tags: [], system_tags: [], execution: {}, hyperparams: {}, configuration: {},
    runtime: {}, container: {}, models: { input: [], output: [] }, output: {}, last_metrics: {}, script: {},
    ...overrides,
  }
}

export async function seedTask(app: TestApp, overrides: Partial<TaskDoc> = {}): Promise<string> {
  const me = await whoAmI(app)
  const doc = taskDoc(me.company, me.user, overrides)
  await app.app.store.transaction((tx) => tx.tasks.insert(doc))
  return doc.id
}

export const readTask = (store: Store, id: string): Promise<TaskDoc | undefined> => store.read((tx) => tx.tasks.get(id))

export const codes = (res: { meta: { result_code: number; result_subcode: number } }): [number, number] =>
  [res.meta.result_code, res.meta.result_subcode]

export interface ManualClock {
  (): Date
  set(at: Date | string): void
  advance(seconds: number): void
}

export function manualClock(start = '2024-05-01T12:00:00Z'): ManualClock {
  let now = new Date(start)
  const clock = (() => new Date(now)) as ManualClock
  clock.set = (at) => { now = new Date(at) }
  clock.advance = (seconds) => { now = new Date(now.getTime() + seconds * 1000) }
  return clock
}

export const IDENTITY: Identity = { user: 'u1', company: 'c1', role: 'admin', userName: 'User One', companyName: 'Company' }

/** Service deps on a SQLite store (a file when given, so several "processes" can share it) and a manual clock. */
export async function serviceDeps(t: TestContext, o: { clock?: ManualClock; conf?: Record<string, string>; store?: Store; file?: string } = {}):
  Promise<ServiceDeps & { clock: ManualClock }> {
  const dir = await mkdtemp(join(tmpdir(), 'clarion-workers-'))
  // `conf` maps a top-level file name (services.conf, apiserver.conf) to its HOCON text.
  for (const [name, text] of Object.entries(o.conf ?? {})) await writeFile(join(dir, name), text)
  const config = await loadConfig({ CLARION_DATA_DIR: dir, CLARION_CONFIG_DIR: dir })
  const store = o.store ?? createSqliteStore(o.file ?? ':memory:')
  t.after(async () => {
    if (!o.store) await store.close()
    await rm(dir, { recursive: true, force: true })
  })
  return { store, clock: o.clock ?? manualClock(), ids: newId, log: pino({ level: 'silent' }), config }
}
