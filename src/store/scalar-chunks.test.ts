import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  capacityFor, CHUNK_CAPACITY, chunkBounds, concatPoints, decodeChunk, encodeChunk, mergePoints, normalizeIncoming as normalize, pointsOf, pointValue,
  type PointColumns,
} from './scalar-chunks.js'

const normalizeIncoming = (rows: { iter: number; timestamp: number; value: number | null }[]) => normalize(pointsOf(rows))

const rows = (p: PointColumns) => Array.from({ length: p.length }, (_, i) => [p.iter[i], p.ts[i], pointValue(p, i)])

test('a chunk decodes to the points it was encoded from, null values included', () => {
  const p = normalizeIncoming([{ iter: 1, timestamp: 10, value: 0.5 }, { iter: 2, timestamp: 11, value: null }, { iter: 3, timestamp: 12, value: -7 }])
  const blob = encodeChunk(p, 0, 3)
  assert.deepEqual(rows(decodeChunk(blob, 3)), [[1, 10, 0.5], [2, 11, null], [3, 12, -7]])
  assert.deepEqual(rows(decodeChunk(encodeChunk(p, 1, 3), 2)), [[2, 11, null], [3, 12, -7]])
})

test('a blob has room for its capacity class, 24 bytes a point, so appends keep its size', () => {
  assert.deepEqual([1, 16, 17, 64, 128].map(capacityFor), [16, 16, 128, 128, 128])
  assert.throws(() => capacityFor(129), /at most 128/)
  const points = (n: number) => normalizeIncoming(Array.from({ length: n }, (_, i) => ({ iter: i, timestamp: i, value: i })))
  assert.equal(encodeChunk(points(3), 0, 3).length, 16 * 24)
  assert.equal(encodeChunk(points(16), 0, 16).length, 16 * 24)
  assert.equal(encodeChunk(points(17), 0, 17).length, 128 * 24)
})

test('a chunk is decoded from a buffer that is not 8-byte aligned', () => {
  const blob = encodeChunk(normalizeIncoming([{ iter: -(2 ** 31), timestamp: 1, value: 9 }]), 0, 1)
  const shifted = Buffer.alloc(blob.length + 1)
  blob.copy(shifted, 1)
  assert.deepEqual(rows(decodeChunk(shifted.subarray(1), 1)), [[-(2 ** 31), 1, 9]])
})

test('a blob that is not whole points, or too small for its count, is refused', () => {
  assert.throws(() => decodeChunk(Buffer.alloc(25), 1), /cannot hold/)
  assert.throws(() => decodeChunk(Buffer.alloc(48), 3), /cannot hold/)
})

test('incoming points are sorted by iteration and the last report of an iteration wins, also among picked ones', () => {
  const p = normalizeIncoming([
    { iter: 5, timestamp: 1, value: 1 }, { iter: 2, timestamp: 2, value: 2 }, { iter: 5, timestamp: 3, value: 3 }, { iter: 2, timestamp: 4, value: 4 },
  ])
  assert.deepEqual(rows(p), [[2, 4, 4], [5, 3, 3]])
  const src = pointsOf([{ iter: 9, timestamp: 1, value: 1 }, { iter: 3, timestamp: 2, value: 2 }, { iter: 9, timestamp: 3, value: 3 }])
  assert.deepEqual(rows(normalize(src, [0, 1])), [[3, 2, 2], [9, 1, 1]])
})

test('merging keeps iteration order and lets an incoming point replace a stored one', () => {
  const stored = normalizeIncoming([1, 3, 5].map((i) => ({ iter: i, timestamp: i, value: i })))
  const incoming = normalizeIncoming([0, 3, 6].map((i) => ({ iter: i, timestamp: 100 + i, value: -i })))
  assert.deepEqual(rows(mergePoints(stored, incoming)), [[0, 100, -0], [1, 1, 1], [3, 103, -3], [5, 5, 5], [6, 106, -6]])
  assert.equal(concatPoints([stored, normalizeIncoming([{ iter: 9, timestamp: 9, value: 9 }])]).length, 4)
})

test('chunk bounds fill from the start for appends and spread evenly for merges', () => {
  const n = CHUNK_CAPACITY * 2 + 1
  assert.deepEqual(chunkBounds(n, 'fill'), [[0, CHUNK_CAPACITY], [CHUNK_CAPACITY, 2 * CHUNK_CAPACITY], [2 * CHUNK_CAPACITY, n]])
  assert.deepEqual(chunkBounds(CHUNK_CAPACITY + 1, 'even').map(([a, b]) => b - a), [65, 64])
  assert.deepEqual(chunkBounds(0, 'fill'), [])
})
