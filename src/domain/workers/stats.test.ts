import assert from 'node:assert/strict'
import { test } from 'node:test'
import { assembleActivity, assembleWorkerStats, categoryOf, flattenMachineStats, MAX_BUCKETS, planBuckets } from './stats.js'
import { isSeenWithin, matchesPattern, matchesTags, type WorkerEntry } from './worker.js'

test('flattenMachineStats: scalars become variant "total", lists their indexes; zero and empty values are skipped', () => {
  assert.deepEqual(flattenMachineStats({ cpu_usage: [10, 20], memory_used: 50, gpu_usage: [], disk_read: 0, network_rx: null }), {
    cpu_usage: { 0: 10, 1: 20 }, memory_used: { total: 50 },
  })
  assert.deepEqual(flattenMachineStats({ gpu_usage: [0, null, 3] }), { gpu_usage: { 0: 0, 2: 3 } })
})

test('categoryOf takes the text before the first underscore', () => {
  assert.deepEqual(['cpu_usage', 'gpu_memory_used', 'memory'].map(categoryOf), ['cpu', 'gpu', 'memory'])
})

test('planBuckets starts at from_date, honours the minimal interval and drops a partial last bucket', () => {
  assert.deepEqual(planBuckets(1000, 1400, 1, 40), { startMs: 1_000_000, intervalMs: 40_000, count: 10 })
  assert.deepEqual(planBuckets(1000, 1400, 100, 40), { startMs: 1_000_000, intervalMs: 100_000, count: 4 })
  assert.equal(planBuckets(1000, 1395, 100, 40).count, 4)
  assert.equal(planBuckets(1000, 1385, 100, 40).count, 3)
  assert.equal(planBuckets(1000, 1010, 100, 40).count, 0)
})

test('planBuckets widens the interval rather than return more than MAX_BUCKETS points', () => {
  const plan = planBuckets(0, 1_700_000_000, 1, 40)
  assert.ok(plan.count <= MAX_BUCKETS && plan.count > MAX_BUCKETS - 2)
})

test('assembleWorkerStats returns requested metrics in request order with every bucket, empty ones as 0', () => {
  const plan = { startMs: 0, intervalMs: 1000, count: 3 }
  const buckets = [
    { worker: 'w', metric: 'memory_used', variant: null, bucket: 1, avg: 30, min: 30, max: 30 },
    { worker: 'w', metric: 'cpu_usage', variant: null, bucket: 0, avg: 15, min: 10, max: 20 },
  ]
  const items = [
    { key: 'cpu_usage', aggregation: 'avg' as const }, { key: 'cpu_usage', aggregation: 'max' as const },
    { key: 'cpu_usage', aggregation: 'avg' as const }, { key: 'memory_used', aggregation: 'min' as const },
  ]
  assert.deepEqual(assembleWorkerStats(buckets, plan, items, false), [{
    worker: 'w',
    metrics: [
      { metric: 'cpu_usage', dates: [0, 1000, 2000], stats: [{ aggregation: 'avg', values: [15, 0, 0] }, { aggregation: 'max', values: [20, 0, 0] }] },
      { metric: 'memory_used', dates: [0, 1000, 2000], stats: [{ aggregation: 'min', values: [0, 30, 0] }] },
    ],
  }])
})

test('assembleWorkerStats splits by variant in numeric order when asked', () => {
  const plan = { startMs: 0, intervalMs: 1000, count: 1 }
  const buckets = ['10', '2', '0'].map((variant) => ({ worker: 'w', metric: 'cpu_usage', variant, bucket: 0, avg: 1, min: 1, max: 1 }))
  const res = assembleWorkerStats(buckets, plan, [{ key: 'cpu_usage', aggregation: 'avg' }], true)
  assert.deepEqual(res[0].metrics.map((m) => m.variant), ['0', '2', '10'])
})

test('assembleActivity fills total and active counts per bucket', () => {
  const res = assembleActivity([{ bucket: 1, total: 2, active: 1 }], { startMs: 5000, intervalMs: 1000, count: 3 })
  assert.deepEqual(res, { total: { dates: [5000, 6000, 7000], counts: [0, 2, 0] }, active: { dates: [5000, 6000, 7000], counts: [0, 1, 0] } })
})

const worker = (over: Partial<WorkerEntry> = {}): WorkerEntry => ({
  key: 'k', id: 'w', user: { id: 'u' }, company: { id: 'c' }, ip: '', task: null, project: null, queue: null, queues: [],
  register_time: '', register_timeout: 600, last_activity_time: '2024-01-01T00:00:00.000000+00:00', last_report_time: null,
  tags: ['a', 'b'], system_tags: ['s'], ...over,
})

test('matchesTags: includes match any, excludes remove, tags and system_tags must both pass', () => {
  assert.equal(matchesTags(worker(), ['a', 'zzz'], null), true)
  assert.equal(matchesTags(worker(), ['zzz'], null), false)
  assert.equal(matchesTags(worker(), ['-a'], null), false)
  assert.equal(matchesTags(worker(), ['a', '-b'], null), false)
  assert.equal(matchesTags(worker(), ['a'], ['-s']), false)
  assert.equal(matchesTags(worker(), [], []), true)
})

test('matchesPattern is a full-match glob and escapes regex characters', () => {
  assert.equal(matchesPattern('vm:0', 'vm:*'), true)
  assert.equal(matchesPattern('vm:10', 'vm:?'), false)
  assert.equal(matchesPattern('a.b', 'a.b'), true)
  assert.equal(matchesPattern('axb', 'a.b'), false)
})

test('isSeenWithin treats 0 and null as no window and a window below 1 s as 1 s', () => {
  const now = new Date('2024-01-01T00:00:00.800Z')
  assert.equal(isSeenWithin(worker(), now, 0), true)
  assert.equal(isSeenWithin(worker(), now, null), true)
  assert.equal(isSeenWithin(worker(), new Date('2024-01-01T00:00:02Z'), 1), false)
})
