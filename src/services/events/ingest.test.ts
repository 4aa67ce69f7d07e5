import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { hashFieldName } from '../../domain/events/last-metrics.js'
import { testApp } from '../../test/test-app.js'
import { codes, image, log, readModel, readTask, scalar, seedModel, seedTask, sendBatch, sendOk } from './events-test-kit.js'

test('events.add_batch (json-lines) stores events and answers added/errors/errors_info', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const res = await sendOk(app, [scalar(task, 0, 1), scalar(task, 1, 2), log(task, 'hello')])
  assert.deepEqual(res, { added: 3, errors: 0, errors_info: {} })
  const events = await app.ok('events.get_task_events', { task })
  assert.equal(events.total, 3)
})

test('events.add_batch also takes a JSON list under `requests`, and events.add a single event', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  assert.equal((await app.ok('events.add_batch', { requests: [scalar(task, 0, 1), scalar(task, 1, 1)] })).added, 2)
  assert.equal((await app.ok('events.add', scalar(task, 2, 1))).added, 1)
  assert.equal((await app.ok('events.get_task_events', { task })).total, 3)
})

test('events.add_batch answers 400/17 for an empty batch', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await sendBatch(app, [])), [400, 17])
  assert.deepEqual(codes(await app.call('events.add_batch', {})), [400, 17])
})

test('bad events are counted in errors_info while good ones land; nothing added is 400/131', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const bad = [
    { type: 'unknown type', task, iter: 1 },
    { type: 'training_debug_image', iter: 1 },
    { type: 'training_debug_image', task: 'Invalid task', iter: 1 },
    '{"type": "log", broken json',
    { task, iter: 1 },
  ]
  const none = await sendBatch(app, bad)
  assert.deepEqual(codes(none), [400, 131])
  assert.match(none.meta.result_msg, /Invalid event type unknown_type/)
  const res = await sendOk(app, [...bad, image(task, 1, 'm', 'v', 'u')])
  assert.equal(res.added, 1)
  assert.equal(res.errors, 5)
  assert.equal(res.errors_info['Invalid event type unknown_type'], 1)
  assert.equal(res.errors_info["Event must have a 'task' field"], 1)
  assert.equal(res.errors_info['Invalid task id Invalid task'], 1)
  assert.equal(res.errors_info["Event must have a 'type' field"], 1)
  assert.equal(Object.keys(res.errors_info).filter((k) => k.startsWith('malformed JSON line')).length, 1)
  assert.equal((await app.ok('events.get_task_events', { task })).events.length, 1)
})

test('events of a published task are refused unless allow_locked; mixed allow_locked for one task is 400/12', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app, { status: 'published' })
  assert.deepEqual(codes(await sendBatch(app, [scalar(task, 0, 1)])), [400, 131])
  assert.equal((await sendOk(app, [scalar(task, 0, 1, { allow_locked: true })])).added, 1)
  const mixed = await sendBatch(app, [scalar(task, 0, 1, { allow_locked: true }), scalar(task, 1, 1)])
  assert.deepEqual(codes(mixed), [400, 12])
})

test('a public task takes no events (400/131)', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app, { company: '' })
  assert.deepEqual(codes(await sendBatch(app, [scalar(task, 0, 1)])), [400, 131])
})

test('last_metrics keeps value, min/max/first with iterations, count and mean across batches, keyed by md5', async (t) => {
  const app = await testApp(t)
  for (const variant of ['Variant1', undefined]) {
    const task = await seedTask(app)
    const events = Array.from({ length: 100 }, (_, i) => scalar(task, i, i, { metric: 'Metric1', variant }))
    await sendOk(app, events.slice(0, 50))
    await sendOk(app, events.slice(50))
    const doc = await readTask(app, task)
    const m = doc?.last_metrics[hashFieldName('Metric1')][hashFieldName(variant ?? '')]
    assert.deepEqual(m, {
      metric: 'Metric1', variant: variant ?? '', value: 99, first_value: 0, first_value_iteration: 0, min_value: 0,
      min_value_iteration: 0, max_value: 99, max_value_iteration: 99, mean_value: 49.5, count: 100,
    })
    assert.equal(doc?.last_iteration, 99)
    assert.deepEqual(doc?.unique_metrics, [`Metric1/${variant ?? ''}`])
    assert.equal((await app.ok('events.get_task_latest_scalar_values', { task })).last_iter, 99)
  }
})

test('monitor metrics never move last_iteration; a single value (iter -2^31) leaves it at 0', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [
    scalar(task, 5000, 1, { metric: ':monitor:machine', variant: 'cpu_usage' }),
    scalar(task, -(2 ** 31), 7, { metric: 'Summary', variant: 'acc' }),
  ])
  const doc = await readTask(app, task)
  assert.equal(doc?.last_iteration, 0)
  assert.equal(doc?.last_metrics[hashFieldName('Summary')][hashFieldName('acc')].value, 7)
})

test('services.events.ignore_iteration.metrics and services.tasks.max_last_metrics are honoured', async (t) => {
  const app = await testApp(t, '', {
    CLEARML__services__events__ignore_iteration__metrics: '["clock"]', CLEARML__services__tasks__max_last_metrics: '2',
  })
  const task = await seedTask(app)
  await sendOk(app, [
    scalar(task, 9000, 1, { metric: 'clock', variant: 'a' }),
    scalar(task, 40, 1, { metric: ':monitor:machine', variant: 'cpu_usage' }),
    scalar(task, 3, 1, { metric: 'loss', variant: 'train' }),
  ])
  const doc = await readTask(app, task)
  // The configured list replaces the default: the monitor metric counts now, 'clock' does not.
  assert.equal(doc?.last_iteration, 40)
  assert.deepEqual(doc?.unique_metrics, ['clock/a', ':monitor:machine/cpu_usage'])
  assert.equal(doc?.last_metrics[hashFieldName('loss')], undefined)
})

test('last_metrics keys are sorted by hash and x_axis_label follows the latest event', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const events = []
  for (let i = 0; i < 2; i++) for (let m = 0; m < 5; m++) events.push(scalar(task, i, i, { metric: `Metric${m}`, variant: 'v', x_axis_label: `L${m}_${i}` }))
  await sendOk(app, events)
  const doc = await readTask(app, task)
  const keys = Object.keys(doc?.last_metrics ?? {})
  assert.deepEqual(keys, [...keys].sort())
  assert.equal(doc?.last_metrics[hashFieldName('Metric4')][hashFieldName('v')].x_axis_label, 'L4_1')
})

test('metric_stats records the latest event time per metric and type; last_update is bumped', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app, { last_update: '2000-01-01T00:00:00.000000+00:00' })
  await sendOk(app, [image(task, 1, 'M', 'v', 'u', { timestamp: 1000 }), image(task, 2, 'M', 'v', 'u2', { timestamp: 2000 })])
  const doc = await readTask(app, task)
  assert.deepEqual(doc?.metric_stats?.[hashFieldName('M')], { metric: 'M', event_stats_by_type: { training_debug_image: { last_update: 2000 } } })
  assert.notEqual(doc?.last_update, '2000-01-01T00:00:00.000000+00:00')
})

test('re-reporting a scalar point overwrites it instead of adding one', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [scalar(task, 1, 10), scalar(task, 2, 20)])
  await sendOk(app, [scalar(task, 1, 11), scalar(task, 1, 12)])
  const res = await app.ok('events.scalar_metrics_iter_raw', { task, metric: { metric: 'loss' }, count_total: true })
  assert.equal(res.total, 2)
  assert.deepEqual(res.variants.train, { y: [12, 20], iter: [1, 2] })
})

test('model events update the model (last_metrics, last_iteration); logs for models are refused', async (t) => {
  const app = await testApp(t)
  const model = await seedModel(app)
  const task = await seedTask(app)
  assert.deepEqual(codes(await sendBatch(app, [log(model, 'x', { model_event: true })])), [400, 131])
  const events = []
  for (let i = 0; i < 2; i++) for (let m = 0; m < 5; m++) events.push(scalar(model, i, i, { metric: `Metric${m}`, variant: 'V', model_event: true }))
  events.push(log(task, 'task log', { allow_locked: true }))
  assert.equal((await sendOk(app, events)).added, 11)
  const doc = await readModel(app, model)
  assert.equal(doc?.last_iteration, 1)
  assert.equal(doc?.last_metrics?.[hashFieldName('Metric0')][hashFieldName('V')].max_value, 1)
  const hist = await app.ok('events.scalar_metrics_iter_histogram', { task: model, model_events: true })
  assert.deepEqual(Object.keys(hist), ['Metric0', 'Metric1', 'Metric2', 'Metric3', 'Metric4'])
  assert.equal((await app.ok('events.get_task_log', { task })).total, 1)
})

test('the same id as both a task and a model in one batch is 400/12', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  assert.deepEqual(codes(await sendBatch(app, [scalar(task, 0, 1), scalar(task, 0, 1, { model_event: true })])), [400, 12])
})

test('a worker from the X-ClearML-Worker header fills events that name none', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendBatch(app, [{ type: 'log', task, msg: 'hi', timestamp: 5 }], { headers: { 'x-clearml-worker': 'box-1' } })
  const { events } = await app.ok('events.get_task_log', { task })
  assert.equal(events[0].worker, 'box-1')
})

test('a scalar value that is not a number is a per-event error; an iteration beyond int64 too', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const res = await sendOk(app, [scalar(task, 0, 1), { ...scalar(task, 1, 1), value: 'abc' }, { ...scalar(task, 2, 1), iter: 1e19 }])
  assert.equal(res.added, 1)
  assert.equal(res.errors, 2)
})

test('an oversized body is refused with 413', async (t) => {
  const app = await testApp(t, 'max_request_size_mb: 0.01')
  const task = await seedTask(app)
  const events = Array.from({ length: 200 }, (_, i) => scalar(task, i, i))
  assert.equal((await sendBatch(app, events)).status, 413)
})

test('a large batch decoded on a thread lands exactly as one decoded inline', async (t) => {
  const outcome = async (threads: string) => {
    const app = await testApp(t, '', { CLARION_INGEST_THREADS: threads })
    const task = await seedTask(app)
    // ~700 events: well above the size from which batches go to a decoder thread.
    const events = [...Array.from({ length: 700 }, (_, i) => scalar(task, i, Math.sin(i), { variant: `v${i % 4}`, timestamp: 1000 + i })),
      log(task, 'line'), { type: 'bogus', task }]
    const res = await sendOk(app, events)
    const doc = await readTask(app, task)
    const scalars = await app.ok('events.scalar_metrics_iter_histogram', { task })
    return { res, lastMetrics: doc?.last_metrics, lastIteration: doc?.last_iteration, scalars }
  }
  const [threaded, inline] = [await outcome('1'), await outcome('0')]
  assert.equal(threaded.res.added, 701)
  assert.deepEqual(threaded.res.errors_info, { 'Invalid event type bogus': 1 })
  assert.deepEqual(threaded, inline)
})

test('a recorded session keeps the events of a batch that was decoded on a thread', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'clarion-record-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  const file = join(dir, 'traffic.jsonl')
  const app = await testApp(t, '', { CLARION_INGEST_THREADS: '1', CLARION_RECORD_FILE: file })
  const task = await seedTask(app)
  const events = Array.from({ length: 700 }, (_, i) => scalar(task, i, i))
  assert.equal((await sendOk(app, events)).added, 700)
  const records = (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { endpoint: string; batch: unknown[] })
  const batch = records.find((r) => r.endpoint === 'events.add_batch')?.batch
  assert.deepEqual(batch, events)
})
