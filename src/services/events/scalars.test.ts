import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp, type TestApp } from '../../test/test-app.js'
import { codes, scalar, seedModel, seedTask, sendOk } from './events-test-kit.js'

const SINGLE = -(2 ** 31)

async function taskWithSeries(app: TestApp, count: number, extra: Record<string, unknown> = {}): Promise<string> {
  const task = await seedTask(app)
  await sendOk(app, Array.from({ length: count }, (_, i) => scalar(task, i, i, { metric: 'Metric1', variant: 'Variant1', ...extra })))
  return task
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

test('scalar_metrics_iter_histogram returns every point below `samples` and bucket averages above it', async (t) => {
  const app = await testApp(t)
  const task = await taskWithSeries(app, 100)
  for (const [samples, buckets] of [[undefined, 100], [100, 100], [10, 10], [7, 7]] as const) {
    const data = await app.ok('events.scalar_metrics_iter_histogram', { task, ...(samples ? { samples } : {}) })
    const chart = data.Metric1.Variant1
    const interval = Math.ceil(100 / buckets)
    const expectedBuckets = Math.ceil(100 / interval)
    assert.equal(chart.name, 'Variant1')
    assert.equal(chart.x.length, expectedBuckets)
    for (let b = 0; b < expectedBuckets; b++) {
      assert.equal(chart.x[b], b * interval)
      const members = Array.from({ length: 100 }, (_, i) => i).filter((i) => i >= b * interval && i < (b + 1) * interval)
      assert.equal(chart.y[b], mean(members))
    }
  }
})

test('scalar_metrics_iter_histogram keys the x axis by iter, timestamp or iso_time', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [scalar(task, 0, 1, { timestamp: 1000 }), scalar(task, 1, 3, { timestamp: 2000 })])
  const byIter = await app.ok('events.scalar_metrics_iter_histogram', { task, key: 'iter' })
  assert.deepEqual(byIter.loss.train.x, [0, 1])
  const byTime = await app.ok('events.scalar_metrics_iter_histogram', { task, key: 'timestamp' })
  assert.deepEqual(byTime.loss.train.x, [1000, 2000])
  const byIso = await app.ok('events.scalar_metrics_iter_histogram', { task, key: 'iso_time' })
  assert.deepEqual(byIso.loss.train.x, ['1970-01-01T00:00:01.000Z', '1970-01-01T00:00:02.000Z'])
  // samples=1: interval = range 1001 ms, and buckets start at multiples of it (epoch-aligned, as ES does).
  const wide = await app.ok('events.scalar_metrics_iter_histogram', { task, key: 'timestamp', samples: 1 })
  assert.deepEqual([wide.loss.train.x, wide.loss.train.y], [[0, 1001], [1, 3]])
})

test('with_min_max (Clarion extension) adds per-bucket minimum and maximum so spikes survive', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const values = [1, 1, 100, 1, 1, 1, -50, 1]
  await sendOk(app, values.map((v, i) => scalar(task, i, v)))
  const res = await app.ok('events.scalar_metrics_iter_histogram', { task, samples: 2, with_min_max: true })
  assert.deepEqual(res.loss.train, { name: 'train', x: [0, 4], y: [25.75, -11.75], y_min: [1, -50], y_max: [100, 1] })
  const plain = await app.ok('events.scalar_metrics_iter_histogram', { task, samples: 2 })
  assert.equal(plain.loss.train.y_min, undefined)
})

test('scalar_metrics_iter_histogram leaves single values out, filters by metrics, and answers 400/101 / 400/12', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [
    ...Array.from({ length: 10 }, (_, i) => scalar(task, i || SINGLE, i, { metric: 'M', variant: 'V' })),
    scalar(task, 0, 1, { metric: 'Other', variant: 'X' }),
  ])
  const all = await app.ok('events.scalar_metrics_iter_histogram', { task })
  assert.deepEqual(all.M.V.x, [1, 2, 3, 4, 5, 6, 7, 8, 9])
  const only = await app.ok('events.scalar_metrics_iter_histogram', { task, metrics: [{ metric: 'Other', variants: ['X'] }] })
  assert.deepEqual(Object.keys(only), ['Other'])
  assert.deepEqual(codes(await app.call('events.scalar_metrics_iter_histogram', { task: 'missing' })), [400, 101])
  assert.deepEqual(codes(await app.call('events.scalar_metrics_iter_histogram', { task, samples: 6001 })), [400, 12])
})

test('series with close intervals share the largest (ClearML grouping within 10%)', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const events = []
  for (let i = 0; i < 100; i++) events.push(scalar(task, i, i, { variant: 'a' }))
  for (let i = 0; i < 105; i++) events.push(scalar(task, i, i, { variant: 'b' }))
  await sendOk(app, events)
  const res = await app.ok('events.scalar_metrics_iter_histogram', { task, samples: 10 })
  // a alone: interval 10; b alone: 11; grouped, both use 11.
  assert.deepEqual(res.loss.a.x, [0, 11, 22, 33, 44, 55, 66, 77, 88, 99])
  assert.deepEqual(res.loss.b.x, [0, 11, 22, 33, 44, 55, 66, 77, 88, 99])
})

test('x_axis_label reported with scalars comes back on the chart', async (t) => {
  const app = await testApp(t)
  const task = await taskWithSeries(app, 2, { x_axis_label: 'epochs' })
  const res = await app.ok('events.scalar_metrics_iter_histogram', { task })
  assert.equal(res.Metric1.Variant1.x_axis_label, 'epochs')
})

test('multi_task_scalar_metrics_iter_histogram nests metric → variant → task with the task name', async (t) => {
  const app = await testApp(t)
  const tasks = [await seedTask(app, { name: 'first' }), await seedTask(app, { name: 'second' })]
  const events = []
  for (const task of tasks) for (let m = 0; m < 3; m++) for (let i = 0; i < 5; i++) events.push(scalar(task, i, i, { metric: `M${m}`, variant: 'V' }))
  await sendOk(app, events)
  const { metrics } = await app.ok('events.multi_task_scalar_metrics_iter_histogram', { tasks })
  assert.deepEqual(Object.keys(metrics), ['M0', 'M1', 'M2'])
  assert.equal(metrics.M1.V[tasks[1]].name, 'second')
  assert.deepEqual(metrics.M1.V[tasks[0]].x, [0, 1, 2, 3, 4])
  const comma = await app.ok('events.multi_task_scalar_metrics_iter_histogram', { tasks: tasks.join(','), metrics: [{ metric: 'M0' }] })
  assert.deepEqual(Object.keys(comma.metrics), ['M0'])
  assert.deepEqual(codes(await app.call('events.multi_task_scalar_metrics_iter_histogram', { tasks: [tasks[0], 'missing'] })), [400, 101])
  assert.deepEqual(codes(await app.call('events.multi_task_scalar_metrics_iter_histogram', { tasks: Array(101).fill(tasks[0]) })), [400, 12])
})

test('get_task_single_value_metrics returns iteration −2^31 values, updated by re-reporting', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [scalar(task, SINGLE, 0.5, { metric: 'Summary', variant: 'acc', timestamp: 77 }), scalar(task, 1, 3)])
  let res = await app.ok('events.get_task_single_value_metrics', { tasks: [task] })
  assert.deepEqual(res.tasks, [{ task, task_name: 'test task events', values: [{ metric: 'Summary', variant: 'acc', value: 0.5, timestamp: 77 }] }])
  await sendOk(app, [scalar(task, SINGLE, 0.9, { metric: 'Summary', variant: 'acc', timestamp: 78 })])
  res = await app.ok('events.get_task_single_value_metrics', { tasks: [task] })
  assert.equal(res.tasks[0].values[0].value, 0.9)
  const none = await app.ok('events.get_task_single_value_metrics', { tasks: [task], metrics: [{ metric: 'nope', variants: ['acc'] }] })
  assert.deepEqual(none.tasks, [])
  assert.deepEqual(codes(await app.call('events.get_task_single_value_metrics', { tasks: [] })), [400, 12])
})

test('scalar_metrics_iter_raw scrolls every point in batches, single values included, with the total', async (t) => {
  const app = await testApp(t)
  const task = await taskWithSeries(app, 100)
  await sendOk(app, [scalar(task, SINGLE, 5, { metric: 'Metric1', variant: 'Variant1' })])
  const metric = { metric: 'Metric1', variants: ['Variant1'] }
  let res = await app.ok('events.scalar_metrics_iter_raw', { task, batch_size: 15, metric, count_total: true })
  assert.equal(res.total, 101)
  const iters: number[] = []
  let calls = 0
  while (res.returned) {
    calls++
    iters.push(...res.variants.Variant1.iter)
    res = await app.ok('events.scalar_metrics_iter_raw', { task, metric, scroll_id: res.scroll_id })
  }
  assert.equal(calls, 7)
  assert.deepEqual(iters, [SINGLE, ...Array.from({ length: 100 }, (_, i) => i)])
  const again = await app.ok('events.scalar_metrics_iter_raw', { task, metric, scroll_id: res.scroll_id })
  assert.deepEqual([again.returned, again.variants], [0, {}])
})

test('scalar_metrics_iter_raw keyed by timestamp, 400/1104 for a foreign scroll id, 400/12 for a negative batch', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [scalar(task, 0, 1, { timestamp: 20 }), scalar(task, 1, 2, { timestamp: 10 })])
  const res = await app.ok('events.scalar_metrics_iter_raw', { task, metric: { metric: 'loss' }, key: 'timestamp' })
  assert.deepEqual(res.variants.train, { y: [2, 1], timestamp: [10, 20] })
  assert.deepEqual(codes(await app.call('events.scalar_metrics_iter_raw', { task, metric: { metric: 'loss' }, scroll_id: 'bogus' })), [400, 1104])
  assert.deepEqual(codes(await app.call('events.scalar_metrics_iter_raw', { task, metric: { metric: 'loss' }, batch_size: -1 })), [400, 12])
})

test('get_task_latest_scalar_values lists the last positive value per variant, name, status and last_iter', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app, { name: 'latest', status: 'in_progress' })
  await sendOk(app, [scalar(task, 0, 3), scalar(task, 1, 4), scalar(task, 2, 0), scalar(task, 0, -1, { variant: 'neg' })])
  const res = await app.ok('events.get_task_latest_scalar_values', { task })
  assert.deepEqual(res.metrics, [{ name: 'loss', variants: [{ name: 'train', last_value: 4, last_10_value: 4 }] }])
  assert.deepEqual([res.last_iter, res.name, res.status], [2, 'latest', 'in_progress'])
  assert.ok(res.last_timestamp > 0)
})

test('model scalar histograms need model_events; a model id as a task is 400/101, a missing model 400/201', async (t) => {
  const app = await testApp(t)
  const model = await seedModel(app)
  await sendOk(app, [scalar(model, 0, 1, { model_event: true })])
  assert.deepEqual(codes(await app.call('events.scalar_metrics_iter_histogram', { task: model })), [400, 101])
  assert.deepEqual((await app.ok('events.scalar_metrics_iter_histogram', { task: model, model_events: true })).loss.train.y, [1])
  assert.deepEqual(codes(await app.call('events.scalar_metrics_iter_histogram', { task: 'x', model_events: true })), [400, 201])
})
