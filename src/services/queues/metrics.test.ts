import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createQueue, seedQueuedTask } from './queue-test-kit.js'

const window = () => {
  const to = Date.now() / 1000
  return { from_date: to - 3600, to_date: to + 1 }
}

test('queues.get_queue_metrics returns one series per requested queue: dates (ms), average waits and lengths', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'TestTempQueue')
  await seedQueuedTask(app, q)
  const second = await seedQueuedTask(app, q)
  await app.ok('queues.get_next_task', { queue: q })
  await app.ok('queues.remove_task', { queue: q, task: second })
  const res = await app.ok('queues.get_queue_metrics', { queue_ids: [q], interval: 5, ...window() })
  assert.equal(res.queues.length, 1)
  const [series] = res.queues
  assert.equal(series.queue, q)
  assert.ok(series.dates.length >= 1 && series.dates.length <= 2)
  assert.equal(series.avg_waiting_times.length, series.dates.length)
  assert.equal(series.queue_lengths.length, series.dates.length)
  assert.ok(series.dates[0] / 1000 > Date.now() / 1000 - 15)
  assert.equal(series.dates[0] % 5000, 0)
  // Within a bucket the sample with the longest wait wins (then the longest queue): two entries, not zero.
  assert.ok(Math.max(...series.queue_lengths) >= 1)
})

test('queues.get_queue_metrics without queue_ids returns the company total under the queue name "total"', async (t) => {
  const app = await testApp(t)
  const a = await createQueue(app, 'metrics a')
  const b = await createQueue(app, 'metrics b')
  await seedQueuedTask(app, a)
  await seedQueuedTask(app, b)
  await seedQueuedTask(app, b)
  const res = await app.ok('queues.get_queue_metrics', { interval: 3600, ...window() })
  assert.equal(res.queues.length, 1)
  assert.equal(res.queues[0].queue, 'total')
  assert.equal(res.queues[0].queue_lengths.at(-1), 3)
})

test('queues.get_queue_metrics samples a queue without recent changes when asked for the present', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'quiet queue')
  const res = await app.ok('queues.get_queue_metrics', { queue_ids: [q], interval: 60, ...window() })
  assert.deepEqual(res.queues[0].queue_lengths, [0])
})

test('queues.get_queue_metrics answers 400/16 when from_date is not before to_date and 400/12 for a bad interval', async (t) => {
  const app = await testApp(t)
  const now = Date.now() / 1000
  assert.deepEqual(codes(await app.call('queues.get_queue_metrics', { from_date: now, to_date: now, interval: 5 })), [400, 16])
  assert.deepEqual(codes(await app.call('queues.get_queue_metrics', { from_date: now - 10, to_date: now, interval: 0 })), [400, 12])
  assert.deepEqual(codes(await app.call('queues.get_queue_metrics', { to_date: now, interval: 5 })), [400, 12])
})
