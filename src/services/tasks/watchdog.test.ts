import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, type TestContext } from 'node:test'
import { toApiDate } from '../../domain/dates.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js'
import type { Store } from '../../store/store.js'
import { startBackgroundJobs } from '../background-jobs.js'
import { manualClock, readTask, serviceDeps, taskDoc } from '../workers/test-kit.js'
import { createNonResponsiveTaskWatchdog, FORCED_STOP, WATCHDOG_USER } from './watchdog.js'

const HOUR = 3600

async function seed(store: Store, now: Date, ageSec: number, over: Partial<TaskDoc> = {}): Promise<string> {
  const doc = taskDoc('c1', 'u1', { status: 'in_progress', last_update: toApiDate(new Date(now.getTime() - ageSec * 1000)), ...over })
  await store.transaction((tx) => tx.tasks.insert(doc))
  return doc.id
}

test('the watchdog stops in_progress tasks not updated for threshold_sec, with ClearML\'s reason', async (t) => {
  const deps = await serviceDeps(t)
  const now = deps.clock()
  const project = { id: 'p1', company: 'c1', name: 'proj', basename: 'proj', created: toApiDate(new Date(0)), last_update: toApiDate(new Date(0)) }
  await deps.store.transaction((tx) => tx.projects.insert(project as never))
  const stale = await seed(deps.store, now, 2 * HOUR + 1, { project: 'p1' })
  const fresh = await seed(deps.store, now, 2 * HOUR - 60)
  const queued = await seed(deps.store, now, 10 * HOUR, { status: 'queued' })
  const watchdog = createNonResponsiveTaskWatchdog(deps, { holder: 'a' })
  assert.equal(await watchdog.runOnce(), 1)
  const stopped = await readTask(deps.store, stale)
  assert.equal(stopped?.status, 'stopped')
  assert.equal(stopped?.status_reason, FORCED_STOP)
  assert.equal(stopped?.status_message, FORCED_STOP)
  assert.equal(stopped?.last_changed_by, WATCHDOG_USER)
  assert.equal(stopped?.last_update, toApiDate(now))
  assert.equal((await readTask(deps.store, fresh))?.status, 'in_progress')
  assert.equal((await readTask(deps.store, queued))?.status, 'queued')
  const touched = await deps.store.read((tx) => tx.projects.get('p1'))
  assert.equal(touched?.last_update, toApiDate(now))
})

test('the watchdog honours a configured threshold', async (t) => {
  const deps = await serviceDeps(t, { conf: { 'services.conf': 'tasks.non_responsive_tasks_watchdog { threshold_sec: 60 }\n' } })
  const id = await seed(deps.store, deps.clock(), 61)
  assert.equal(await createNonResponsiveTaskWatchdog(deps, { holder: 'a' }).runOnce(), 1)
  assert.equal((await readTask(deps.store, id))?.status, 'stopped')
})

async function sharedFile(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clarion-lease-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return join(dir, 'shared.db')
}

test('two processes sharing one store: only the lease holder runs the watchdog, the other takes over when it lapses', async (t) => {
  const file = await sharedFile(t)
  const clockA = manualClock()
  const clockB = manualClock()
  const storeA = createSqliteStore(file)
  const storeB = createSqliteStore(file)
  t.after(async () => { await storeA.close(); await storeB.close() })
  const a = createNonResponsiveTaskWatchdog(await serviceDeps(t, { store: storeA, clock: clockA }), { holder: 'process-a' })
  const b = createNonResponsiveTaskWatchdog(await serviceDeps(t, { store: storeB, clock: clockB }), { holder: 'process-b' })

  const first = await seed(storeA, clockA(), 3 * HOUR)
  assert.equal(await a.runOnce(), 1)
  assert.equal(await b.runOnce(), null)
  assert.equal((await readTask(storeB, first))?.status, 'stopped')

  // A renews its lease each cycle; B keeps deferring while it does.
  for (const clock of [clockA, clockB]) clock.advance(900)
  const second = await seed(storeB, clockB(), 3 * HOUR)
  assert.equal(await b.runOnce(), null)
  assert.equal(await a.runOnce(), 1)
  assert.equal((await readTask(storeA, second))?.status, 'stopped')

  // A dies: two intervals later its lease has lapsed and B runs the cycle.
  for (const clock of [clockA, clockB]) clock.advance(1801)
  const third = await seed(storeB, clockB(), 3 * HOUR)
  assert.equal(await b.runOnce(), 1)
  assert.equal((await readTask(storeB, third))?.status, 'stopped')
  assert.equal(await a.runOnce(), null)
})

test('a released lease is taken at once by the other process', async (t) => {
  const file = await sharedFile(t)
  const storeA = createSqliteStore(file)
  const storeB = createSqliteStore(file)
  t.after(async () => { await storeA.close(); await storeB.close() })
  const a = createNonResponsiveTaskWatchdog(await serviceDeps(t, { store: storeA }), { holder: 'a' })
  const b = createNonResponsiveTaskWatchdog(await serviceDeps(t, { store: storeB }), { holder: 'b' })
  assert.equal(await a.runOnce(), 0)
  assert.equal(await b.runOnce(), null)
  await a.release()
  assert.equal(await b.runOnce(), 0)
})

test('startBackgroundJobs runs the watchdog every watch_interval_sec and stops cleanly', async (t) => {
  const conf = 'tasks.non_responsive_tasks_watchdog { watch_interval_sec: 0.05, threshold_sec: 60 }\n'
  const deps = await serviceDeps(t, { conf: { 'services.conf': conf }, clock: manualClock(new Date().toISOString()) })
  const id = await seed(deps.store, deps.clock(), 120)
  const jobs = startBackgroundJobs(deps, { holder: 'only' })
  await new Promise((resolve) => setTimeout(resolve, 200))
  await jobs.stop()
  assert.equal((await readTask(deps.store, id))?.status, 'stopped')
})

test('startBackgroundJobs leaves tasks alone when the watchdog is disabled', async (t) => {
  const conf = 'tasks.non_responsive_tasks_watchdog { enabled: false, watch_interval_sec: 0.05, threshold_sec: 60 }\n'
  const deps = await serviceDeps(t, { conf: { 'services.conf': conf } })
  const id = await seed(deps.store, deps.clock(), 120)
  const jobs = startBackgroundJobs(deps, { holder: 'only' })
  await new Promise((resolve) => setTimeout(resolve, 150))
  await jobs.stop()
  assert.equal((await readTask(deps.store, id))?.status, 'in_progress')
})
