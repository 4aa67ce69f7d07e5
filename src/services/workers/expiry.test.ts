// Worker expiry and last_seen, driven by a manual clock against the services directly.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createWorkerListing } from './listing.js'
import { createWorkerRegistration } from './registration.js'
import { IDENTITY, serviceDeps } from './test-kit.js'

const report = (worker: string, extra: Record<string, unknown> = {}) => ({ worker, timestamp: Date.now(), ...extra })

async function setup(t: Parameters<typeof serviceDeps>[0], conf?: Record<string, string>) {
  const deps = await serviceDeps(t, { conf })
  const reg = createWorkerRegistration(deps)
  const list = createWorkerListing(deps)
  const liveIds = async () => (await list.getAll(IDENTITY, { last_seen: null })).workers.map((w) => w.id)
  return { deps, reg, list, liveIds }
}

test('a worker expires register_timeout seconds after it registered', async (t) => {
  const { deps, reg, liveIds } = await setup(t)
  await reg.register(IDENTITY, '10.0.0.1', { worker: 'short', timeout: 3 })
  await reg.register(IDENTITY, '10.0.0.1', { worker: 'default' })
  deps.clock.advance(2)
  assert.deepEqual(await liveIds(), ['default', 'short'])
  deps.clock.advance(2)
  assert.deepEqual(await liveIds(), ['default'])
  deps.clock.advance(600)
  assert.deepEqual(await liveIds(), [])
})

test('each status report restarts the worker timeout', async (t) => {
  const { deps, reg, liveIds } = await setup(t)
  await reg.register(IDENTITY, 'ip', { worker: 'agent', timeout: 10 })
  for (let i = 0; i < 5; i++) {
    deps.clock.advance(8)
    await reg.statusReport(IDENTITY, 'ip', report('agent'))
  }
  assert.deepEqual(await liveIds(), ['agent'])
  deps.clock.advance(11)
  assert.deepEqual(await liveIds(), [])
})

test('an expired worker that reports again is registered afresh with the default timeout', async (t) => {
  const { deps, reg, list } = await setup(t, { 'services.conf': 'workers { default_worker_timeout_sec: 120 }\n' })
  await reg.register(IDENTITY, 'ip', { worker: 'agent', timeout: 5, tags: ['old'] })
  deps.clock.advance(6)
  await reg.statusReport(IDENTITY, 'ip', report('agent'))
  const [w] = (await list.getAll(IDENTITY, {})).workers
  assert.equal(w.register_timeout, 120)
  assert.deepEqual(w.tags, [])
  assert.equal(w.register_time, w.last_activity_time)
})

test('an expired worker counts as unknown to unregister (400/1004 when auto_unregister is off)', async (t) => {
  const { deps, reg } = await setup(t, { 'apiserver.conf': 'workers { auto_unregister: false }\n' })
  await reg.register(IDENTITY, 'ip', { worker: 'gone', timeout: 1 })
  deps.clock.advance(2)
  await assert.rejects(reg.unregister(IDENTITY, 'gone'), (e: { subcode?: number }) => e.subcode === 1004)
})

test('get_all keeps workers active within last_seen (default 3600 s); get_count has no default window', async (t) => {
  const { deps, reg, list } = await setup(t)
  await reg.register(IDENTITY, 'ip', { worker: 'idle', timeout: 100_000 })
  deps.clock.advance(3000)
  await reg.register(IDENTITY, 'ip', { worker: 'busy', timeout: 100_000 })
  deps.clock.advance(700)
  const seen = async (f: Record<string, unknown>) => (await list.getAll(IDENTITY, f)).workers.map((w) => w.id)
  assert.deepEqual(await seen({}), ['busy'])
  assert.deepEqual(await seen({ last_seen: 800 }), ['busy'])
  assert.deepEqual(await seen({ last_seen: 600 }), [])
  assert.deepEqual((await seen({ last_seen: 0 })).sort(), ['busy', 'idle'])
  assert.deepEqual(await list.getCount(IDENTITY, {}), { count: 2 })
  assert.deepEqual(await list.getCount(IDENTITY, { last_seen: 800 }), { count: 1 })
})

test('isQueueWatched and queueWorkers only see live workers', async (t) => {
  const { deps, reg, list } = await setup(t)
  const queue = 'q1'
  await deps.store.transaction((tx) => tx.queues.insert({
    id: queue, company: IDENTITY.company, name: 'q1', created: '', tags: [], system_tags: [], entries: [],
  }))
  await reg.register(IDENTITY, '1.2.3.4', { worker: 'w', queues: [queue], timeout: 30 })
  assert.equal(await list.isQueueWatched(IDENTITY.company, queue), true)
  assert.equal(await list.isQueueWatched('other-company', queue), false)
  assert.deepEqual((await list.queueWorkers(IDENTITY.company)).get(queue),
    [{ name: 'w', ip: '1.2.3.4', key: `worker_${IDENTITY.company}_${IDENTITY.user}_w`, task: null }])
  deps.clock.advance(31)
  assert.equal(await list.isQueueWatched(IDENTITY.company, queue), false)
  assert.equal((await list.queueWorkers(IDENTITY.company)).size, 0)
})
