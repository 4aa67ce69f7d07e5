// Scalars, packed in chunks per series (../scalar-chunks.ts): a row per chunk, keyed by (series, first iteration).
// Ingest appends to a series' last chunk, or, for points at or below iterations already stored (re-reports,
// out-of-order reports), merges them into the run of chunks they fall in and cuts that run again. Series counts
// change by exactly the points that were new, so no series is ever recounted. The last chunk of each series is kept
// from one batch to the next while the write epoch holds (write-epoch.ts), so an append does not read it back.
import type { Database } from 'better-sqlite3'
import { SINGLE_VALUE_ITERATION } from '../../domain/events/event-types.js'
import {
  chunkBounds, concatPoints, decodeChunk, encodeChunk, mergePoints, minMax, normalizeIncoming, pointValue, CHUNK_CAPACITY,
  type PointColumns,
} from '../scalar-chunks.js'
import type { EventSeries, HistogramBuckets, HistogramQuery, KeyPage, ScalarColumns, ScalarEventRepo, ScalarPoint } from '../event-store.js'
import { mergeKeyPages, type SeriesCatalog, type SeriesDelta } from './event-series.js'
import { createScalarHistogram } from './scalar-histogram.js'
import { EpochCache, type WriteEpoch } from './write-epoch.js'

const SINGLE = SINGLE_VALUE_ITERATION

interface ChunkRow { id: number; first_iter: number; last_iter: number; n: number; points: Buffer }
interface Blob { n: number; points: Buffer }

/** Last chunks kept between batches (up to ~3 KB each); past this many the cache starts over. */
const KEPT_TAILS = 4096

export function createScalarEventRepo(db: Database, catalog: SeriesCatalog, epoch: WriteEpoch): ScalarEventRepo {
  const COLUMNS = 'rowid AS id, first_iter, last_iter, n, points'
  const tail = db.prepare<[number], ChunkRow>(`SELECT ${COLUMNS} FROM scalar_chunks WHERE series = ? ORDER BY first_iter DESC LIMIT 1`)
  // The chunks holding or neighbouring iterations [lo, hi]: from the last chunk starting at or before lo.
  const run = db.prepare<{ s: number; lo: number; hi: number }, ChunkRow>(`SELECT ${COLUMNS} FROM scalar_chunks WHERE series = @s
    AND first_iter >= coalesce((SELECT max(first_iter) FROM scalar_chunks WHERE series = @s AND first_iter <= @lo), @lo)
    AND first_iter <= @hi ORDER BY first_iter`)
  const insert = db.prepare('INSERT INTO scalar_chunks (series, first_iter, last_iter, n, min_ts, max_ts, points) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const rewrite = db.prepare('UPDATE scalar_chunks SET last_iter = ?, n = ?, min_ts = ?, max_ts = ?, points = ? WHERE rowid = ?')
  const remove = db.prepare('DELETE FROM scalar_chunks WHERE rowid = ?')
  const after = db.prepare<{ s: number; k: number }, Blob>(`SELECT n, points FROM scalar_chunks WHERE series = @s
    AND first_iter >= coalesce((SELECT max(first_iter) FROM scalar_chunks WHERE series = @s AND first_iter <= @k), @k) ORDER BY first_iter`)
  const before = db.prepare<{ s: number; k: number }, Blob>('SELECT n, points FROM scalar_chunks WHERE series = @s AND first_iter < @k ORDER BY first_iter DESC')
  const newest = db.prepare<[number], Blob>('SELECT n, points FROM scalar_chunks WHERE series = ? ORDER BY first_iter DESC')
  const laterTs = db.prepare<[number, number], Blob>('SELECT n, points FROM scalar_chunks WHERE series = ? AND max_ts > ?')
  const earlierTs = db.prepare<[number, number], Blob>('SELECT n, points FROM scalar_chunks WHERE series = ? AND min_ts < ?')
  const atTs = db.prepare<[number, number, number], Blob>('SELECT n, points FROM scalar_chunks WHERE series = ? AND min_ts <= ? AND max_ts >= ?')
  const holding = db.prepare<[number, number], Blob>(
    'SELECT n, points FROM scalar_chunks WHERE series = ? AND first_iter <= ? ORDER BY first_iter DESC LIMIT 1')

  const tails = new EpochCache<number, ChunkRow>(epoch, KEPT_TAILS)

  function tailOf(series: number): ChunkRow | undefined {
    let last = tails.get(series)
    if (last === undefined) {
      last = tail.get(series)
      if (last) tails.set(series, last)
    }
    return last
  }

  /** Writes the chunks; returns the last of them as stored. */
  function insertChunks(series: number, p: PointColumns, bounds: [number, number][]): ChunkRow | undefined {
    let written: ChunkRow | undefined
    for (const [from, to] of bounds) {
      const ts = minMax(p.ts.subarray(from, to))
      const points = encodeChunk(p, from, to)
      const id = Number(insert.run(series, p.iter[from], p.iter[to - 1], to - from, ts.min, ts.max, points).lastInsertRowid)
      written = { id, first_iter: p.iter[from], last_iter: p.iter[to - 1], n: to - from, points }
    }
    return written
  }

  /** Appends points past the series' last iteration: the last chunk is filled up, then new chunks follow. */
  function append(series: number, last: ChunkRow | undefined, incoming: PointColumns): ChunkRow | undefined {
    if (!last || last.n >= CHUNK_CAPACITY) return insertChunks(series, incoming, chunkBounds(incoming.length, 'fill'))
    const all = concatPoints([decodeChunk(last.points, last.n), incoming])
    const [first, ...rest] = chunkBounds(all.length, 'fill')
    const ts = minMax(all.ts.subarray(first[0], first[1]))
    const points = encodeChunk(all, 0, first[1])
    rewrite.run(all.iter[first[1] - 1], first[1], ts.min, ts.max, points, last.id)
    return insertChunks(series, all, rest) ?? { id: last.id, first_iter: last.first_iter, last_iter: all.iter[first[1] - 1], n: first[1], points }
  }

  /** Merges points into the run of chunks they fall in; returns how many of them were new. */
  function merge(series: number, incoming: PointColumns): number {
    const chunks = run.all({ s: series, lo: incoming.iter[0], hi: incoming.iter[incoming.length - 1] })
    const stored = concatPoints(chunks.map((c) => decodeChunk(c.points, c.n)))
    const merged = mergePoints(stored, incoming)
    for (const c of chunks) remove.run(c.id)
    insertChunks(series, merged, chunkBounds(merged.length, 'even'))
    return merged.length - stored.length
  }

  function writeSeries(series: number, delta: SeriesDelta, points: ScalarColumns, picks: readonly number[]): void {
    const incoming = normalizeIncoming(points, picks)
    const last = tailOf(series)
    if (!last || incoming.iter[0] > last.last_iter) {
      const written = append(series, last, incoming)
      if (written) tails.set(series, written)
      delta.added += incoming.length
    } else {
      // The merge may cut the last chunk anew; the next batch reads it back.
      tails.delete(series)
      delta.added += merge(series, incoming)
    }
  }

  /** Points of one series past `key` in travel order, at most `limit` (pages by iteration). */
  function iterPage(series: number, p: KeyPage): ScalarPoint[] {
    const out: ScalarPoint[] = []
    const from = p.after ?? (p.descending ? Infinity : -Infinity)
    const chunks = p.descending
      ? (Number.isFinite(from) ? before.iterate({ s: series, k: from }) : newest.iterate(series))
      : after.iterate({ s: series, k: Number.isFinite(from) ? from : Number.MIN_SAFE_INTEGER })
    for (const { n, points } of chunks) {
      const c = decodeChunk(points, n)
      for (let k = 0; k < c.length; k++) {
        const i = p.descending ? c.length - 1 - k : k
        if (p.descending ? c.iter[i] >= from : c.iter[i] <= from) continue
        out.push(toPoint(series, c, i))
        if (out.length >= p.limit) return out
      }
    }
    return out
  }

  /** Points of one series past `key` by timestamp (ties by iteration), at most `limit` (pages by timestamp). */
  function timestampPage(series: number, p: KeyPage): ScalarPoint[] {
    const from = p.after ?? (p.descending ? Infinity : -Infinity)
    const chunks = p.descending ? earlierTs.all(series, Math.min(from, Number.MAX_SAFE_INTEGER)) : laterTs.all(series, Math.max(from, Number.MIN_SAFE_INTEGER))
    const out: ScalarPoint[] = []
    for (const { n, points } of chunks) {
      const c = decodeChunk(points, n)
      for (let i = 0; i < c.length; i++) if (p.descending ? c.ts[i] < from : c.ts[i] > from) out.push(toPoint(series, c, i))
    }
    const dir = p.descending ? -1 : 1
    return out.sort((a, b) => dir * (a.timestamp - b.timestamp || a.iter - b.iter)).slice(0, p.limit)
  }

  function pointsAtTimestamp(series: number, ts: number, descending: boolean): ScalarPoint[] {
    const out: ScalarPoint[] = []
    for (const { n, points } of atTs.iterate(series, ts, ts)) {
      const c = decodeChunk(points, n)
      for (let i = 0; i < c.length; i++) if (c.ts[i] === ts) out.push(toPoint(series, c, i))
    }
    return out.sort((a, b) => (descending ? b.iter - a.iter : a.iter - b.iter))
  }

  const histogram = createScalarHistogram(db)

  return {
    async add(points, now) {
      const picks: number[][] = points.series.map(() => [])
      for (let i = 0; i < points.seriesIndex.length; i++) picks[points.seriesIndex[i]].push(i)
      catalog.batch(now, () => points.series.forEach(({ metric, variant }, s) => {
        if (picks[s].length === 0) return
        const { id, delta } = catalog.resolve(points.task, 'training_stats_scalar', metric, variant, points.modelEvent)
        for (const i of picks[s]) delta.note(points.iter[i], points.ts[i])
        writeSeries(id, delta, points, picks[s])
      }))
    },
    async histogram(series: EventSeries, q: HistogramQuery): Promise<HistogramBuckets> {
      return histogram(series.id, q)
    },
    async page(seriesIds, p: KeyPage) {
      const byIter = p.key === 'iter'
      const perSeries = seriesIds.map((id) => (byIter ? iterPage(id, p) : timestampPage(id, p)))
      return mergeKeyPages(perSeries, (r) => (byIter ? r.iter : r.timestamp), {
        limit: p.limit, descending: p.descending,
        // Iterations are unique within a series; timestamps are not.
        ties: byIter ? undefined : (id, k) => pointsAtTimestamp(id, k, p.descending),
      })
    },
    async singleValues(seriesIds) {
      const out: ScalarPoint[] = []
      for (const id of seriesIds) {
        const row = holding.get(id, SINGLE)
        if (!row) continue
        const c = decodeChunk(row.points, row.n)
        const i = c.iter.indexOf(SINGLE)
        if (i >= 0) out.push(toPoint(id, c, i))
      }
      return out
    },
    async latestPositive(id) {
      for (const { n, points } of newest.iterate(id)) {
        const c = decodeChunk(points, n)
        for (let i = c.length - 1; i >= 0; i--) if (c.value[i] > 0) return c.value[i]
      }
      return undefined
    },
  }
}

const toPoint = (series: number, c: PointColumns, i: number): ScalarPoint =>
  ({ series, iter: c.iter[i], timestamp: c.ts[i], value: pointValue(c, i) })
