import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createWorkerHousekeeping } from './housekeeping.js'
import { createWorkerRegistration } from './registration.js'
import { createRuntimePropertiesService } from './runtime-properties.js'
import { IDENTITY, serviceDeps } from './test-kit.js'

const DAY_MS = 86_400_000

test('housekeeping drops expired workers and properties, and machine stats past the retention', async (t) => {
  const deps = await serviceDeps(t, { conf: { 'services.conf': 'workers { stats_retention_days: 7 }\n' } })
  const reg = createWorkerRegistration(deps)
  const props = createRuntimePropertiesService(deps)
  const now = deps.clock().getTime()
  await reg.register(IDENTITY, 'ip', { worker: 'old', timeout: 5 })
  await reg.register(IDENTITY, 'ip', { worker: 'live', timeout: 600 })
  await props.set(IDENTITY, { worker: 'old', runtime_properties: [{ key: 'k', value: 'v', expiry: 5 }, { key: 'keep', value: 'v' }] })
  for (const ageDays of [8, 6]) {
    await reg.statusReport(IDENTITY, 'ip', { worker: `stats-${ageDays}`, timestamp: now - ageDays * DAY_MS, machine_stats: { memory_used: 1 } })
  }
  deps.clock.advance(10)
  const purged = await createWorkerHousekeeping(deps).run()
  assert.deepEqual(purged, { workers: 1, properties: 1, stats: 1 })
  const keys = await deps.store.read((tx) => tx.workerStats.metricKeys(IDENTITY.company, ['stats-8', 'stats-6']))
  assert.deepEqual(keys, ['memory_used'])
  assert.deepEqual(await deps.store.read((tx) => tx.workerStats.metricKeys(IDENTITY.company, ['stats-8'])), [])
  assert.deepEqual((await props.get(IDENTITY, 'old')).runtime_properties, [{ key: 'keep', value: 'v' }])
})
