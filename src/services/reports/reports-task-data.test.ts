import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nextTimestamp, sendOk } from '../events/events-test-kit.js'
import { testApp, type TestApp } from '../../test/test-app.js'
import { codes } from './reports-test-kit.js'

const NAME = 'test non-reports'
const CHART_FIELDS = ['plots', 'debug_images', 'scalar_metrics_iter_histogram', 'single_value_metrics']

function event(type: string, task: string, iter: number, extra: Record<string, unknown>): Record<string, unknown> {
  return { worker: 'test', type, task, iter, timestamp: nextTimestamp(), ...extra }
}

/** Debug images, plots and scalars (with single values at iteration -2^31) for metrics Metric_0/1 × Variant_0/1. */
async function reportEvents(app: TestApp, task: string, modelEvents: boolean): Promise<void> {
  const extra = modelEvents ? { model_event: true } : {}
  const events: Record<string, unknown>[] = []
  for (const m of [0, 1]) {
    for (const v of [0, 1]) {
      const mv = { metric: `Metric_${m}`, variant: `Variant_${v}`, ...extra }
      events.push(event('training_debug_image', task, 1, { ...mv, url: `${m}_${v}` }))
      events.push(event('plot', task, 1, { ...mv, plot_str: 'Hello plot' }))
      for (const iter of [1, -(2 ** 31)]) events.push(event('training_stats_scalar', task, iter, { ...mv, value: m * v }))
    }
  }
  await sendOk(app, events)
}

async function entity(app: TestApp, modelEvents: boolean): Promise<string> {
  if (modelEvents) return (await app.ok('models.create', { name: NAME, uri: 'file:///a/b', labels: {}, ready: false })).id
  return (await app.ok('tasks.create', { name: NAME, type: 'training' })).id
}

for (const modelEvents of [false, true]) {
  test(`reports.get_task_data returns the ${modelEvents ? 'models' : 'tasks'} and the asked chart data`, async (t) => {
    const app = await testApp(t)
    await app.ok('reports.create', { name: 'Rep1' })
    const id = await entity(app, modelEvents)
    await reportEvents(app, id, modelEvents)

    const bare = await app.ok('reports.get_task_data', { id: [id], only_fields: ['name'], model_events: modelEvents })
    assert.deepEqual(bare.tasks, [{ id, name: NAME }])
    for (const field of CHART_FIELDS) assert.equal(field in bare, false, field)

    const res = await app.ok('reports.get_task_data', {
      id: [id], only_fields: ['name'], model_events: modelEvents, debug_images: { metrics: [] },
      plots: { metrics: [{ metric: 'Metric_1' }] }, scalar_metrics_iter_histogram: {}, single_value_metrics: {},
    })
    assert.equal(res.debug_images.length, 1)
    assert.equal(res.debug_images[0].task, id)
    assert.equal(res.debug_images[0].iterations.length, 1)
    assert.equal(res.debug_images[0].iterations[0].events.length, 4)

    assert.equal(res.single_value_metrics.length, 1)
    assert.equal(res.single_value_metrics[0].task, id)
    assert.equal(res.single_value_metrics[0].task_name, NAME)
    const pairs = res.single_value_metrics[0].values.map((v: { metric: string; variant: string }) => `${v.metric}/${v.variant}`)
    assert.deepEqual(new Set(pairs), new Set(['Metric_0/Variant_0', 'Metric_0/Variant_1', 'Metric_1/Variant_0', 'Metric_1/Variant_1']))

    for (const m of ['Metric_0', 'Metric_1']) {
      for (const v of ['Variant_0', 'Variant_1']) assert.deepEqual(Object.keys(res.scalar_metrics_iter_histogram[m][v]), [id])
    }

    assert.deepEqual(Object.keys(res.plots), ['Metric_1'])
    for (const v of ['Variant_0', 'Variant_1']) {
      const byTask = res.plots.Metric_1[v]
      assert.deepEqual(Object.keys(byTask), [id])
      const atIter = byTask[id]['1']
      assert.equal(atIter.name, NAME)
      assert.equal(atIter.plots.length, 1)
      assert.deepEqual([atIter.plots[0].metric, atIter.plots[0].variant, atIter.plots[0].task, atIter.plots[0].iter], ['Metric_1', v, id, 1])
    }
  })
}

test('reports.get_task_data narrows debug images and scalars to the asked metrics', async (t) => {
  const app = await testApp(t)
  const id = await entity(app, false)
  await reportEvents(app, id, false)
  const res = await app.ok('reports.get_task_data', {
    id: [id], debug_images: { metrics: [{ metric: 'Metric_0', variants: ['Variant_1'] }] },
    scalar_metrics_iter_histogram: { metrics: [{ metric: 'Metric_1' }], key: 'timestamp', samples: 10 },
  })
  const events = res.debug_images[0].iterations[0].events
  assert.deepEqual(events.map((e: { metric: string; variant: string }) => `${e.metric}/${e.variant}`), ['Metric_0/Variant_1'])
  assert.deepEqual(Object.keys(res.scalar_metrics_iter_histogram), ['Metric_1'])
})

test('reports.get_task_data answers empty chart data when no task matches', async (t) => {
  const app = await testApp(t)
  const res = await app.ok('reports.get_task_data', {
    name: '^nothing$', debug_images: {}, plots: {}, scalar_metrics_iter_histogram: {}, single_value_metrics: {},
  })
  assert.deepEqual(res, { tasks: [], debug_images: [], plots: {}, scalar_metrics_iter_histogram: {}, single_value_metrics: [] })
})

test('reports.get_task_data answers 400/12 for malformed chart requests', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('reports.get_task_data', { plots: { iters: 0 } })), [400, 12])
  assert.deepEqual(codes(await app.call('reports.get_task_data', { scalar_metrics_iter_histogram: { key: 'bad' } })), [400, 12])
  assert.deepEqual(codes(await app.call('reports.get_task_data', { debug_images: { metrics: [{}] } })), [400, 12])
  assert.deepEqual(codes(await app.call('reports.get_task_data', { page: -1 })), [400, 12])
})
