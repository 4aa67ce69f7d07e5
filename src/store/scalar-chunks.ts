// The packed form scalar points are stored in, shared by every backend. A chunk holds up to CHUNK_CAPACITY points
// of one series, sorted by iteration with no iteration twice, as three little-endian float64 columns: iterations,
// timestamps, values (a null value is NaN; ingest refuses non-finite numbers, so NaN means nothing else).
// Why packed: one row per point makes SQLite rewrite ~40 pages per 500-point batch (appends land in the middle of
// the tree, leaving half-full leaves), and every read walks a row per point. A chunk is one row of ~3 KB: a batch
// rewrites one page per series, and a chart of a million points reads 8,000 rows.
// A blob has room for `capacity` points (16 or 128: blob bytes / 24) of which the row's count are used.
// Why room: appending then rewrites a blob of the same size, which SQLite overwrites in place; a blob that grows on
// every append makes SQLite rebalance its B-tree pages, and each rebalance makes the next COMMIT scan the whole
// page cache (balance_nonroot parks a page at a temporary number past the end of the file). The small class keeps
// series of a few points (single values, summaries) from taking 3 KB each.
import { endianness } from 'node:os'
import type { ScalarColumns, ScalarRow } from './event-store.js'

export const CHUNK_CAPACITY = 128
const SMALLEST_CAPACITY = 16
const BYTES_PER_POINT = 24
const LITTLE_ENDIAN = endianness() === 'LE'

/** The room a chunk of `n` points gets. */
export function capacityFor(n: number): number {
  if (n > CHUNK_CAPACITY) throw new Error(`a scalar chunk holds at most ${CHUNK_CAPACITY} points, not ${n}`)
  return n <= SMALLEST_CAPACITY ? SMALLEST_CAPACITY : CHUNK_CAPACITY
}

/** Points in iteration order, as parallel columns. */
export interface PointColumns {
  readonly length: number
  readonly iter: Float64Array
  readonly ts: Float64Array
  readonly value: Float64Array
}

export const emptyPoints = (): PointColumns => newPoints(0)

function newPoints(length: number): PointColumns {
  const all = new Float64Array(length * 3)
  return { length, iter: all.subarray(0, length), ts: all.subarray(length, length * 2), value: all.subarray(length * 2) }
}

/** The blob of points [from, to), with room for more up to its capacity class. */
export function encodeChunk(p: PointColumns, from: number, to: number): Buffer {
  const n = to - from
  const capacity = capacityFor(n)
  const out = Buffer.alloc(capacity * BYTES_PER_POINT)
  if (LITTLE_ENDIAN) {
    const view = new Float64Array(out.buffer, out.byteOffset, capacity * 3)
    view.set(p.iter.subarray(from, to), 0)
    view.set(p.ts.subarray(from, to), capacity)
    view.set(p.value.subarray(from, to), capacity * 2)
    return out
  }
  for (let i = 0; i < n; i++) {
    out.writeDoubleLE(p.iter[from + i], i * 8)
    out.writeDoubleLE(p.ts[from + i], (capacity + i) * 8)
    out.writeDoubleLE(p.value[from + i], (2 * capacity + i) * 8)
  }
  return out
}

/** The `n` points of a stored chunk. */
export function decodeChunk(blob: Uint8Array, n: number): PointColumns {
  const capacity = blob.byteLength / BYTES_PER_POINT
  if (!Number.isInteger(capacity) || n > capacity) throw new Error(`a scalar chunk of ${blob.byteLength} bytes cannot hold ${n} points`)
  if (LITTLE_ENDIAN && blob.byteOffset % 8 === 0) {
    const all = new Float64Array(blob.buffer, blob.byteOffset, capacity * 3)
    return { length: n, iter: all.subarray(0, n), ts: all.subarray(capacity, capacity + n), value: all.subarray(2 * capacity, 2 * capacity + n) }
  }
  // A float64 view needs 8-byte alignment, which a driver's buffer need not have.
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  const p = newPoints(n)
  for (let i = 0; i < n; i++) {
    p.iter[i] = view.getFloat64(i * 8, true)
    p.ts[i] = view.getFloat64((capacity + i) * 8, true)
    p.value[i] = view.getFloat64((2 * capacity + i) * 8, true)
  }
  return p
}

/** Concatenates point runs that are already in iteration order with respect to each other. */
export function concatPoints(runs: readonly PointColumns[]): PointColumns {
  if (runs.length === 1) return runs[0]
  const out = newPoints(runs.reduce((n, r) => n + r.length, 0))
  let at = 0
  for (const r of runs) {
    out.iter.set(r.iter, at)
    out.ts.set(r.ts, at)
    out.value.set(r.value, at)
    at += r.length
  }
  return out
}

/** Points as reported, in arrival order, as columns (a missing value is NaN). */
export interface PointSource { readonly iter: ArrayLike<number>; readonly ts: ArrayLike<number>; readonly value: ArrayLike<number> }

/** Rows as columns. */
export function pointsOf(rows: readonly { iter: number; timestamp: number; value: number | null }[]): PointSource {
  return { iter: rows.map((r) => r.iter), ts: rows.map((r) => r.timestamp), value: rows.map((r) => r.value ?? NaN) }
}

/**
 * The points `picks` (indexes into `src`, in arrival order; all of them when omitted) sorted by iteration; of
 * points sharing an iteration the last reported wins.
 */
export function normalizeIncoming(src: PointSource, picks?: ArrayLike<number>): PointColumns {
  const order = picks ? Array.from(picks) : Array.from({ length: src.iter.length }, (_, i) => i)
  let sorted = true
  for (let k = 1; k < order.length && sorted; k++) sorted = src.iter[order[k]] > src.iter[order[k - 1]]
  // Array.prototype.sort is stable, so equal iterations stay in arrival order and the last of them is kept.
  if (!sorted) order.sort((a, b) => src.iter[a] - src.iter[b])
  const kept: number[] = []
  for (let k = 0; k < order.length; k++) {
    const next = order[k + 1]
    if (next === undefined || src.iter[next] !== src.iter[order[k]]) kept.push(order[k])
  }
  const out = newPoints(kept.length)
  for (let i = 0; i < kept.length; i++) {
    out.iter[i] = src.iter[kept[i]]
    out.ts[i] = src.ts[kept[i]]
    out.value[i] = src.value[kept[i]]
  }
  return out
}

/** Merges stored points with incoming ones (both in iteration order); an incoming point replaces a stored one. */
export function mergePoints(stored: PointColumns, incoming: PointColumns): PointColumns {
  const out = newPoints(stored.length + incoming.length)
  let i = 0
  let j = 0
  let k = 0
  const take = (src: PointColumns, at: number) => {
    out.iter[k] = src.iter[at]
    out.ts[k] = src.ts[at]
    out.value[k] = src.value[at]
    k++
  }
  while (i < stored.length || j < incoming.length) {
    if (j >= incoming.length || (i < stored.length && stored.iter[i] < incoming.iter[j])) take(stored, i++)
    else {
      if (i < stored.length && stored.iter[i] === incoming.iter[j]) i++
      take(incoming, j++)
    }
  }
  return k === out.length ? out : { length: k, iter: out.iter.subarray(0, k), ts: out.ts.subarray(0, k), value: out.value.subarray(0, k) }
}

/**
 * Where to cut points into chunks: `fill` packs full chunks from the start (appends, which keep coming at the end);
 * `even` spreads them over as few chunks as needed (a merge in the middle, which leaves room for the next one).
 */
export function chunkBounds(length: number, mode: 'fill' | 'even'): [number, number][] {
  const count = Math.max(1, Math.ceil(length / CHUNK_CAPACITY))
  const size = mode === 'fill' ? CHUNK_CAPACITY : Math.ceil(length / count)
  const out: [number, number][] = []
  for (let from = 0; from < length; from += size) out.push([from, Math.min(length, from + size)])
  return out
}

/** The stored value of a point: NaN back to null. */
export const pointValue = (p: PointColumns, i: number): number | null => (Number.isNaN(p.value[i]) ? null : p.value[i])

export function minMax(a: Float64Array): { min: number; max: number } {
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < a.length; i++) {
    if (a[i] < min) min = a[i]
    if (a[i] > max) max = a[i]
  }
  return { min, max }
}

/** Rows as the columns the store takes, one set per task or model (tests, benchmarks, tools). */
export function toScalarColumns(rows: readonly ScalarRow[]): ScalarColumns[] {
  const out = new Map<string, { cols: ScalarColumns; keys: Map<string, number>; picks: ScalarRow[]; index: number[] }>()
  for (const r of rows) {
    const entity = `${r.modelEvent ? 'm' : 't'}${r.task}`
    let e = out.get(entity)
    if (!e) {
      e = { cols: { task: r.task, modelEvent: r.modelEvent, series: [], seriesIndex: new Int32Array(), iter: new Float64Array(), ts: new Float64Array(), value: new Float64Array() }, keys: new Map(), picks: [], index: [] }
      out.set(entity, e)
    }
    const key = `${r.metric}\u0000${r.variant}`
    let s = e.keys.get(key)
    if (s === undefined) {
      e.keys.set(key, (s = e.cols.series.length))
      ;(e.cols.series as { metric: string; variant: string }[]).push({ metric: r.metric, variant: r.variant })
    }
    e.picks.push(r)
    e.index.push(s)
  }
  return [...out.values()].map(({ cols, picks, index }) => ({
    ...cols, seriesIndex: Int32Array.from(index), ...columnsOf(picks),
  }))
}

function columnsOf(rows: readonly ScalarRow[]): { iter: Float64Array; ts: Float64Array; value: Float64Array } {
  const src = pointsOf(rows)
  return { iter: Float64Array.from(src.iter), ts: Float64Array.from(src.ts), value: Float64Array.from(src.value) }
}
