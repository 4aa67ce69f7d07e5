import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp, type TestApp } from '../../test/test-app.js'
import { codes, seedTask } from './test-kit.js'

/** ClearML's own scenario: two workers report the same metrics, one for 4 reports (with a task), one for 2. */
async function simulate(app: TestApp, startSec: number): Promise<[string, string]> {
  const task = await seedTask(app, { status: 'in_progress' })
  const workers: [string, string] = ['busy', 'idle']
  const stats = [{ cpu_usage: [10, 20], memory_used: 50 }, { cpu_usage: [5], memory_used: 30 }]
  const activity = [workers, workers, [workers[0]], [workers[0]]]
  let timestamp = startSec * 1000
  for (const round of activity) {
    for (const [i, w] of round.entries()) {
      await app.ok('workers.status_report', { worker: w, timestamp, machine_stats: stats[i], ...(i === 0 ? { task } : {}) })
      timestamp += 60_000
    }
  }
  return workers
}

test('workers.get_metric_keys groups the metrics reported by the workers by category', async (t) => {
  const app = await testApp(t)
  const workers = await simulate(app, 1_700_000_000)
  const res = await app.ok('workers.get_metric_keys', { worker_ids: workers })
  assert.deepEqual(res, { categories: [{ name: 'cpu', metric_keys: ['cpu_usage'] }, { name: 'memory', metric_keys: ['memory_used'] }] })
  assert.deepEqual(await app.ok('workers.get_metric_keys', {}), res)
})

test('workers.get_metric_keys answers 400/1005 for workers that never reported stats', async (t) => {
  const app = await testApp(t)
  await simulate(app, 1_700_000_000)
  assert.deepEqual(codes(await app.call('workers.get_metric_keys', { worker_ids: ['Non existing worker id'] })), [400, 1005])
})

test('workers.get_stats returns per-worker date histograms with the requested aggregations', async (t) => {
  const app = await testApp(t)
  const start = 1_700_000_000
  const workers = await simulate(app, start)
  const res = await app.ok('workers.get_stats', {
    items: [{ key: 'cpu_usage', aggregation: 'avg' }, { key: 'cpu_usage', aggregation: 'max' },
      { key: 'memory_used', aggregation: 'max' }, { key: 'memory_used', aggregation: 'min' }],
    from_date: start, to_date: start + 400, interval: 1, worker_ids: workers,
  })
  assert.deepEqual(res.workers.map((w: { worker: string }) => w.worker).sort(), [...workers].sort())
  const busy = res.workers.find((w: { worker: string }) => w.worker === 'busy')
  assert.deepEqual(busy.metrics.map((m: { metric: string }) => m.metric), ['cpu_usage', 'memory_used'])
  const [cpu, memory] = busy.metrics
  assert.equal(cpu.dates.length, 10)
  assert.equal(cpu.dates[0], start * 1000)
  assert.equal('variant' in cpu, false)
  assert.deepEqual(cpu.stats.map((s: { aggregation: string }) => s.aggregation), ['avg', 'max'])
  // busy reported at +0 s, +120 s, +240 s and +300 s: 40-second buckets 0, 3, 6 and 7.
  assert.deepEqual(cpu.stats[0].values, [15, 0, 0, 15, 0, 0, 15, 15, 0, 0])
  assert.deepEqual(cpu.stats[1].values, [20, 0, 0, 20, 0, 0, 20, 20, 0, 0])
  assert.deepEqual(memory.stats.map((s: { aggregation: string }) => s.aggregation), ['max', 'min'])
})

test('workers.get_stats with split_by_variant returns one series per variant', async (t) => {
  const app = await testApp(t)
  const start = 1_700_000_000
  const workers = await simulate(app, start)
  const res = await app.ok('workers.get_stats', {
    items: [{ key: 'cpu_usage', aggregation: 'avg' }], from_date: start, to_date: start + 400, interval: 1,
    split_by_variant: true, worker_ids: workers,
  })
  const variants = (w: string) => res.workers.find((x: { worker: string }) => x.worker === w).metrics.map((m: { variant: string }) => m.variant)
  assert.deepEqual(variants('busy'), ['0', '1'])
  assert.deepEqual(variants('idle'), ['0'])
  const none = await app.ok('workers.get_stats', {
    items: [{ key: 'cpu_usage' }], from_date: start, to_date: start + 400, interval: 1, worker_ids: ['Non existing worker id'],
  })
  assert.deepEqual(none, { workers: [] })
})

test('workers.get_stats rejects from_date >= to_date (400/16), no items (400/12) and interval 0 (400/12)', async (t) => {
  const app = await testApp(t)
  const base = { items: [{ key: 'cpu_usage' }], from_date: 100, to_date: 100, interval: 10 }
  assert.deepEqual(codes(await app.call('workers.get_stats', base)), [400, 16])
  assert.deepEqual(codes(await app.call('workers.get_stats', { ...base, to_date: 200, items: [] })), [400, 12])
  assert.deepEqual(codes(await app.call('workers.get_stats', { ...base, to_date: 200, interval: 0 })), [400, 12])
})

test('workers.get_activity_report counts reporting workers (total) and those running a task (active)', async (t) => {
  const app = await testApp(t)
  const start = 1_700_000_000
  await simulate(app, start)
  const res = await app.ok('workers.get_activity_report', { from_date: start, to_date: start + 400, interval: 2 })
  assert.equal(res.total.dates.length, 10)
  assert.equal(res.active.counts.length, 10)
  assert.deepEqual(res.total.counts, [1, 1, 0, 1, 1, 0, 1, 1, 0, 0])
  assert.deepEqual(res.active.counts, [1, 0, 0, 1, 0, 0, 1, 1, 0, 0])
  assert.deepEqual(codes(await app.call('workers.get_activity_report', { from_date: 5, to_date: 1, interval: 2 })), [400, 16])
})

test('status reports stamped in seconds land at the same time as reports in milliseconds', async (t) => {
  const app = await testApp(t)
  const start = 1_700_000_000
  await app.ok('workers.status_report', { worker: 'secs', timestamp: start, machine_stats: { memory_used: 1 } })
  const res = await app.ok('workers.get_activity_report', { from_date: start, to_date: start + 100, interval: 40 })
  assert.equal(res.total.counts[0], 1)
})

test('workers.set_runtime_properties stores key/value pairs that get_runtime_properties reads back', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(await app.ok('workers.get_runtime_properties', { worker: 'vm:cpu:0' }), { runtime_properties: [] })
  await app.ok('workers.set_runtime_properties', { worker: 'vm:cpu:0', runtime_properties: [{ key: 'max_num_instances', value: '-1' }] })
  await app.ok('workers.set_runtime_properties', { worker: 'vm:cpu:0', runtime_properties: [{ key: 'force', value: 'on' }] })
  await app.ok('workers.set_runtime_properties', { worker: 'vm:cpu:0', runtime_properties: [{ key: 'max_num_instances', value: 2 }] })
  assert.deepEqual(await app.ok('workers.get_runtime_properties', { worker: 'vm:cpu:0' }), {
    runtime_properties: [{ key: 'force', value: 'on' }, { key: 'max_num_instances', value: '2' }],
  })
  assert.deepEqual(await app.ok('workers.get_runtime_properties', { worker: 'other' }), { runtime_properties: [] })
})

test('workers.set_runtime_properties needs a worker and well-formed properties (400/12)', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('workers.set_runtime_properties', { runtime_properties: [] })), [400, 12])
  assert.deepEqual(codes(await app.call('workers.set_runtime_properties', { worker: 'w', runtime_properties: [{ value: 'x' }] })), [400, 12])
  assert.deepEqual(codes(await app.call('workers.get_runtime_properties', {})), [400, 12])
})

test('a runtime property with an expiry disappears after it', async (t) => {
  const app = await testApp(t)
  await app.ok('workers.set_runtime_properties', { worker: 'w', runtime_properties: [{ key: 'k', value: 'v', expiry: 1 }] })
  const [prop] = (await app.ok('workers.get_runtime_properties', { worker: 'w' })).runtime_properties
  assert.equal(prop.key, 'k')
  assert.match(prop.expiry, /\+00:00$/)
  await new Promise((resolve) => setTimeout(resolve, 1100))
  assert.deepEqual(await app.ok('workers.get_runtime_properties', { worker: 'w' }), { runtime_properties: [] })
})
