import assert from 'node:assert/strict'
import { test } from 'node:test'
import { moveEntry } from './entries.js'
import { deleteMetadataKeys, mergeMetadata } from './metadata.js'
import { queueSample, seriesPerQueue, seriesTotal, type QueueSample } from './metrics.js'

const entries = ['a', 'b', 'c', 'd'].map((task) => ({ task, added: '2024-01-01T00:00:00.000000+00:00' }))
const order = (r: ReturnType<typeof moveEntry>) => r?.entries.map((e) => e.task).join('')

test('moveEntry moves by a count and clamps at either end', () => {
  assert.equal(order(moveEntry(entries, 'a', { by: 2 })), 'bcad')
  assert.equal(moveEntry(entries, 'a', { by: 2 })?.position, 2)
  assert.equal(order(moveEntry(entries, 'a', { by: 99 })), 'bcda')
  assert.equal(order(moveEntry(entries, 'd', { by: -99 })), 'dabc')
  assert.equal(order(moveEntry(entries, 'c', { to: 'front' })), 'cabd')
  assert.equal(moveEntry(entries, 'b', { to: 'back' })?.position, 3)
  assert.equal(moveEntry(entries, 'x', { by: 1 }), undefined)
})

test('queueSample averages the waits of the entries in seconds', () => {
  const queue = {
    id: 'q', company: 'c', name: 'q', created: '', tags: [], system_tags: [],
    entries: [{ task: 't1', added: '2024-01-01T00:00:00.000000+00:00' }, { task: 't2', added: '2024-01-01T00:00:10.000000+00:00' }],
  }
  const s = queueSample(queue, new Date('2024-01-01T00:00:20Z'))
  assert.deepEqual([s.queueLength, s.avgWaitingSec], [2, 15])
  assert.equal(queueSample({ ...queue, entries: [] }, new Date()).avgWaitingSec, 0)
})

const sample = (queue: string, sec: number, length: number, wait: number): QueueSample =>
  ({ company: 'c', queue, timestamp: new Date(sec * 1000), queueLength: length, avgWaitingSec: wait })

test('seriesPerQueue keeps per bucket the sample with the longest wait, and leaves empty buckets out', () => {
  const [q] = seriesPerQueue([sample('q', 100, 1, 5), sample('q', 101, 3, 9), sample('q', 102, 0, 0), sample('q', 130, 2, 1)], 10)
  assert.deepEqual(q, { queue: 'q', dates: [100000, 130000], avg_waiting_times: [9, 1], queue_lengths: [3, 2] })
})

test('seriesTotal sums lengths, weights waits by length and carries a silent queue forward', () => {
  const total = seriesTotal([sample('a', 100, 1, 10), sample('b', 100, 3, 2), sample('a', 200, 1, 20)], 50)
  assert.deepEqual(total.dates, [100000, 200000])
  assert.deepEqual(total.queue_lengths, [4, 4])
  assert.deepEqual(total.avg_waiting_times, [(10 * 1 + 2 * 3) / 4, (20 * 1 + 2 * 3) / 4])
})

test('metadata merge, replace and delete', () => {
  const cur = { a: { key: 'a', type: 'str', value: '1' } }
  const b = { key: 'b', type: 'int', value: '2' }
  assert.deepEqual(mergeMetadata(cur, [b], false), { ...cur, b })
  assert.deepEqual(mergeMetadata(cur, [b], true), { b })
  assert.deepEqual(deleteMetadataKeys({ ...cur, b }, ['a', 'zz']), { b })
})
