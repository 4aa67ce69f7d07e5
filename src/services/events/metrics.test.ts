import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, image, log, scalar, seedModel, seedTask, sendOk } from './events-test-kit.js'

test('get_task_metrics lists per task the metrics of one event type that have iterations', async (t) => {
  const app = await testApp(t)
  const task1 = await seedTask(app)
  const task2 = await seedTask(app)
  await sendOk(app, [
    image(task1, 1, 'Metric1', 'Test variant', 'u1'), image(task1, 1, 'Metric2', 'Test variant', 'u2'),
    log(task1, 'with iter', { iter: 1, metric: 'Metric2', variant: 'Test variant' }), log(task1, 'plain console line'),
    image(task2, 1, 'Metric3', 'Test variant', 'u3'),
  ])
  const images = await app.ok('events.get_task_metrics', { tasks: [task1, task2], event_type: 'training_debug_image' })
  assert.deepEqual(images.metrics, [{ task: task1, metrics: ['Metric1', 'Metric2'] }, { task: task2, metrics: ['Metric3'] }])
  const logs = await app.ok('events.get_task_metrics', { tasks: [task1, task2], event_type: 'log' })
  assert.deepEqual(logs.metrics, [{ task: task1, metrics: ['Metric2'] }, { task: task2, metrics: [] }])
  const scalars = await app.ok('events.get_task_metrics', { tasks: [task1], event_type: 'training_stats_scalar' })
  assert.deepEqual(scalars.metrics, [{ task: task1, metrics: [] }])
  assert.deepEqual(codes(await app.call('events.get_task_metrics', { tasks: [task1] })), [400, 12])
})

test('get_multi_task_metrics merges metrics and sorted variants of several tasks, optionally by type', async (t) => {
  const app = await testApp(t)
  const task1 = await seedTask(app)
  const task2 = await seedTask(app)
  await sendOk(app, [
    image(task1, 1, 'Metric1', 'b', 'u'), scalar(task1, 1, 1, { metric: 'Metric1', variant: 'a' }), image(task2, 1, 'Metric3', 'c', 'u'),
  ])
  const all = await app.ok('events.get_multi_task_metrics', { tasks: [task1, task2] })
  assert.deepEqual(all.metrics, [{ metric: 'Metric1', variants: ['a', 'b'] }, { metric: 'Metric3', variants: ['c'] }])
  const images = await app.ok('events.get_multi_task_metrics', { tasks: [task1, task2], event_type: 'training_debug_image' })
  assert.deepEqual(images.metrics.map((m: { metric: string }) => m.metric), ['Metric1', 'Metric3'])
  assert.deepEqual((await app.ok('events.get_multi_task_metrics', { tasks: [task1], event_type: 'plot' })).metrics, [])
  const model = await seedModel(app)
  await sendOk(app, [scalar(model, 0, 1, { model_event: true })])
  const models = await app.ok('events.get_multi_task_metrics', { tasks: [model], event_type: 'training_stats_scalar', model_events: true })
  assert.deepEqual(models.metrics, [{ metric: 'loss', variants: ['train'] }])
  assert.deepEqual(codes(await app.call('events.get_multi_task_metrics', { tasks: ['nope'] })), [400, 101])
})

test('get_scalar_metrics_and_variants and get_vector_metrics_and_variants map metric → variants', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [
    scalar(task, 0, 1, { metric: 'm', variant: 'x' }), scalar(task, 0, 1, { metric: 'm', variant: 'y' }),
    { type: 'training_stats_vector', task, iter: 3, metric: 'vec', variant: 'v', values: [1, 2, 3] },
    { type: 'training_stats_vector', task, iter: 1, metric: 'vec', variant: 'v', values: [0] },
  ])
  assert.deepEqual(await app.ok('events.get_scalar_metrics_and_variants', { task }), { metrics: { m: ['x', 'y'] } })
  assert.deepEqual(await app.ok('events.get_vector_metrics_and_variants', { task }), { metrics: { vec: ['v'] } })
  assert.deepEqual(await app.ok('events.vector_metrics_iter_histogram', { task, metric: 'vec', variant: 'v' }), {
    metric: 'vec', variant: 'v', vectors: [[0], [1, 2, 3]], iterations: [1, 3],
  })
  assert.deepEqual(codes(await app.call('events.get_scalar_metrics_and_variants', { task: 'nope' })), [400, 101])
})

test('get_task_events scrolls every event of a type in iteration order with an accurate total', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, Array.from({ length: 25 }, (_, i) => scalar(task, i, i * 2)).concat([log(task, 'console')]))
  let res = await app.ok('events.get_task_events', { task, event_type: 'training_stats_scalar', batch_size: 10 })
  assert.equal(res.total, 25)
  const iters: number[] = res.events.map((e: { iter: number }) => e.iter)
  while (iters.length < res.total) {
    res = await app.ok('events.get_task_events', { task, scroll_id: res.scroll_id })
    iters.push(...res.events.map((e: { iter: number }) => e.iter))
  }
  assert.deepEqual(iters, Array.from({ length: 25 }, (_, i) => i))
  const done = await app.ok('events.get_task_events', { task, scroll_id: res.scroll_id })
  assert.equal(done.returned, 0)
  const first = (await app.ok('events.get_task_events', { task, event_type: 'training_stats_scalar', order: 'desc', batch_size: 1 })).events[0]
  assert.deepEqual(first, { timestamp: first.timestamp, type: 'training_stats_scalar', task, iter: 24, metric: 'loss', variant: 'train', value: 48, model_event: false })
})

test('get_task_events without a type returns scalars, samples and logs, and counts them all', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [scalar(task, 2, 1), image(task, 1, 'm', 'v', 'u'), log(task, 'a'), log(task, 'b')])
  const res = await app.ok('events.get_task_events', { task, batch_size: 500 })
  assert.equal(res.total, 4)
  assert.deepEqual(res.events.map((e: { type: string }) => e.type), ['training_debug_image', 'training_stats_scalar', 'log', 'log'])
  const next = await app.ok('events.get_task_events', { task, scroll_id: res.scroll_id })
  assert.equal(next.returned, 0)
  assert.deepEqual(codes(await app.call('events.get_task_events', { task, scroll_id: 'bogus' })), [400, 1104])
})

test('get_scalar_metric_data returns one metric newest first, scrolling until empty', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [scalar(task, 0, 1), scalar(task, 1, 2), scalar(task, 0, 5, { metric: 'other' })])
  const res = await app.ok('events.get_scalar_metric_data', { task, metric: 'loss' })
  assert.deepEqual([res.total, res.returned, res.events.map((e: { iter: number }) => e.iter)], [2, 2, [1, 0]])
  const next = await app.ok('events.get_scalar_metric_data', { task, metric: 'loss', scroll_id: res.scroll_id })
  assert.equal(next.returned, 0)
})

test('delete_for_task removes every event; published tasks need allow_locked (400/101)', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [scalar(task, 0, 1), log(task, 'x'), image(task, 1, 'm', 'v', 'u')])
  assert.deepEqual(await app.ok('events.delete_for_task', { task }), { deleted: 3 })
  assert.equal((await app.ok('events.get_task_events', { task })).total, 0)
  assert.deepEqual(await app.ok('events.get_task_metrics', { tasks: [task], event_type: 'training_stats_scalar' }), { metrics: [{ task, metrics: [] }] })
  const published = await seedTask(app, { status: 'published' })
  assert.deepEqual(codes(await app.call('events.delete_for_task', { task: published })), [400, 101])
  assert.deepEqual(await app.ok('events.delete_for_task', { task: published, allow_locked: true }), { deleted: 0 })
  assert.deepEqual(codes(await app.call('events.delete_for_task', { task: 'nope' })), [400, 101])
})

test('delete_for_model removes model events; a published model needs allow_locked (400/201)', async (t) => {
  const app = await testApp(t)
  const model = await seedModel(app)
  await sendOk(app, [scalar(model, 0, 1, { model_event: true })])
  assert.deepEqual(await app.ok('events.delete_for_model', { model }), { deleted: 1 })
  const ready = await seedModel(app, { ready: true })
  assert.deepEqual(codes(await app.call('events.delete_for_model', { model: ready })), [400, 201])
  assert.deepEqual(await app.ok('events.clear_scroll', { scroll_id: 'anything' }), {})
})

test('tasks.delete and tasks.reset drop the task events through the events hook', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [scalar(task, 0, 1), log(task, 'x')])
  await app.ok('tasks.reset', { task })
  assert.equal((await app.ok('events.get_task_events', { task })).total, 0)
  await sendOk(app, [scalar(task, 0, 1)])
  await app.ok('tasks.delete', { task, force: true })
  const left = await app.app.store.read((tx) => tx.events.series.list([task]))
  assert.deepEqual(left, [])
})
