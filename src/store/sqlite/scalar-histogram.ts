// Chart buckets of one scalar series, computed over its chunks in one pass: the points arrive in iteration order,
// so iteration buckets close in order; timestamp buckets are gathered and sorted once. A bucket's key is the start
// of its interval (floor(x / interval) * interval, as ClearML). Single values (iteration −2^31) are not on the axis.
// The loops run over the chunks' columns directly: a chart reads up to millions of points.
import type { Database } from 'better-sqlite3'
import { SINGLE_VALUE_ITERATION } from '../../domain/events/event-types.js'
import { decodeChunk, type PointColumns } from '../scalar-chunks.js'
import type { HistogramBuckets, HistogramQuery } from '../event-store.js'

const SINGLE = SINGLE_VALUE_ITERATION

class Bucket {
  count = 0
  sum = 0
  valued = 0
  min = Infinity
  max = -Infinity
  constructor(readonly key: number) {}

  add(value: number): void {
    this.count += 1
    // NaN is a missing value (scalar-chunks.ts): it counts as a point but not towards the aggregates.
    if (value !== value) return
    this.valued += 1
    this.sum += value
    if (value < this.min) this.min = value
    if (value > this.max) this.max = value
  }
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v)

export function createScalarHistogram(db: Database) {
  const chunksOf = db.prepare<[number], { n: number; points: Buffer }>('SELECT n, points FROM scalar_chunks WHERE series = ? ORDER BY first_iter')

  return function histogram(series: number, q: HistogramQuery): HistogramBuckets {
    const out: HistogramBuckets = { x: [], y: [], ...(q.withMinMax ? { min: [], max: [] } : {}) }
    const push = (x: number, avg: number | null, min: number | null, max: number | null) => {
      out.x.push(x)
      out.y.push(avg)
      out.min?.push(min)
      out.max?.push(max)
    }
    const emit = (b: Bucket) => {
      const avg = b.valued > 0 ? b.sum / b.valued : null
      // Without min/max a bucket whose points all lack a value says nothing (the SDK never sends one).
      if (avg === null && q.key === 'iter' && !q.withMinMax) return
      push(b.key, avg, b.valued > 0 ? b.min : null, b.valued > 0 ? b.max : null)
    }
    const chunks: PointColumns[] = chunksOf.all(series).map((c) => decodeChunk(c.points, c.n))
    const interval = q.interval
    if (q.key === 'iter' && interval === 1) {
      // Every point is its own bucket, a missing value included.
      for (const c of chunks) {
        for (let i = 0; i < c.length; i++) {
          if (c.iter[i] !== SINGLE) push(c.iter[i], orNull(c.value[i]), orNull(c.value[i]), orNull(c.value[i]))
        }
      }
    } else if (q.key === 'iter') {
      let open = new Bucket(NaN)
      for (const c of chunks) {
        for (let i = 0; i < c.length; i++) {
          if (c.iter[i] === SINGLE) continue
          const key = Math.floor(c.iter[i] / interval) * interval
          if (open.key !== key) {
            if (open.count > 0) emit(open)
            open = new Bucket(key)
          }
          open.add(c.value[i])
        }
      }
      if (open.count > 0) emit(open)
    } else {
      const byTime = new Map<number, Bucket>()
      for (const c of chunks) {
        for (let i = 0; i < c.length; i++) {
          if (c.iter[i] === SINGLE) continue
          const key = Math.floor(c.ts[i] / interval) * interval
          let b = byTime.get(key)
          if (!b) byTime.set(key, (b = new Bucket(key)))
          b.add(c.value[i])
        }
      }
      for (const b of [...byTime.values()].sort((a, b) => a.key - b.key)) emit(b)
    }
    return out
  }
}
