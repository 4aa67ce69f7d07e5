// Scalars: compact rows clustered by (series, iteration), so a series' chart or page is one primary-key range.
// Ingest writes multi-row INSERT OR IGNORE statements; a chunk that inserted fewer rows than it held re-reported
// points, which are then overwritten one by one and their series recounted.
import type { Database, Statement } from 'better-sqlite3'
import { SINGLE_VALUE_ITERATION } from '../../domain/events/event-types.js'
import type { EventSeries, HistogramBuckets, HistogramQuery, KeyPage, ScalarEventRepo, ScalarPoint, ScalarRow } from '../event-store.js'
import { mergeKeyPages, type SeriesCatalog, type SeriesDelta } from './event-series.js'

const CHUNK = 100
const SINGLE = SINGLE_VALUE_ITERATION

interface PointRow { series: number; iter: number; ts: number; value: number | null }
const toPoint = (r: PointRow): ScalarPoint => ({ series: r.series, iter: r.iter, timestamp: r.ts, value: r.value })

type AggTuple = [number, number, number | null, number | null, number | null]

export function createScalarEventRepo(db: Database, catalog: SeriesCatalog): ScalarEventRepo {
  const inserts = new Map<number, Statement>()
  const insertFor = (n: number): Statement => {
    let st = inserts.get(n)
    if (!st) {
      st = db.prepare(`INSERT OR IGNORE INTO event_scalars (series, iter, ts, value) VALUES ${Array(n).fill('(?,?,?,?)').join(',')}`)
      inserts.set(n, st)
    }
    return st
  }
  const overwrite = db.prepare('UPDATE event_scalars SET ts = ?, value = ? WHERE series = ? AND iter = ?')
  const countSeries = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM event_scalars WHERE series = ?')
  const rowsOf = db.prepare<[number, number], PointRow>(
    'SELECT series, iter, ts, value FROM event_scalars WHERE series = ? AND iter > ? ORDER BY iter')
  // One correlated range per bucket: the primary key feeds each bucket in order, where a GROUP BY over a computed
  // key would sort every point first. avg() alone is the cheap default; empty buckets come back NULL and are
  // dropped (so is a bucket whose points all lack a value, which the SDK never sends).
  const buckets = (select: string) => db.prepare<{ s: number; lo: number; i: number; hi: number }, [number, number | string | null]>(`
    WITH RECURSIVE b(k) AS (SELECT @lo UNION ALL SELECT k + @i FROM b WHERE k + @i <= @hi)
    SELECT k, (SELECT ${select} FROM event_scalars WHERE series = @s AND iter >= k AND iter < k + @i) FROM b`).raw()
  const byIterBuckets = buckets('avg(value)')
  const byIterBucketsMinMax = buckets('json_array(count(*), avg(value), min(value), max(value))')
  const byTimeBuckets = db.prepare<{ s: number; i: number }, AggTuple>(`
    SELECT ts - (((ts % @i) + @i) % @i) AS k, count(*), avg(value), min(value), max(value)
    FROM event_scalars WHERE series = @s AND iter > ${SINGLE} GROUP BY k ORDER BY k`).raw()
  const pages = new Map<string, Statement<unknown[], PointRow>>()
  const pageStatement = (key: 'iter' | 'ts', descending: boolean, bounded: boolean, tie: boolean) => {
    const sig = `${key}${descending}${bounded}${tie}`
    let st = pages.get(sig)
    if (!st) {
      const cond = tie ? `AND ${key} = ?` : bounded ? `AND ${key} ${descending ? '<' : '>'} ?` : ''
      const dir = descending ? 'DESC' : 'ASC'
      st = db.prepare<unknown[], PointRow>(`SELECT series, iter, ts, value FROM event_scalars WHERE series = ? ${cond}
        ORDER BY ${key} ${dir}, iter ${dir} ${tie ? '' : 'LIMIT ?'}`)
      pages.set(sig, st)
    }
    return st
  }
  const single = db.prepare<[number], PointRow>(`SELECT series, iter, ts, value FROM event_scalars WHERE series = ? AND iter = ${SINGLE}`)
  const latestPositive = db.prepare<[number], { value: number }>(
    'SELECT value FROM event_scalars WHERE series = ? AND value > 0 ORDER BY iter DESC LIMIT 1')

  function writeChunk(chunk: readonly ScalarRow[], ids: readonly { id: number; delta: SeriesDelta }[]): void {
    const params: (number | null)[] = new Array(chunk.length * 4)
    for (let i = 0; i < chunk.length; i++) {
      const r = chunk[i]
      params[i * 4] = ids[i].id
      params[i * 4 + 1] = r.iter
      params[i * 4 + 2] = r.timestamp
      params[i * 4 + 3] = r.value
    }
    const inserted = insertFor(chunk.length).run(params).changes
    if (inserted === chunk.length) {
      for (const s of ids) s.delta.added += 1
      return
    }
    // Some points existed (or repeat within the chunk): apply every row in order so the last report wins.
    for (let i = 0; i < chunk.length; i++) {
      const r = chunk[i]
      overwrite.run(r.timestamp, r.value, ids[i].id, r.iter)
      ids[i].delta.recount = true
    }
  }

  return {
    async add(rows, now) {
      for (let start = 0; start < rows.length; start += CHUNK) {
        const chunk = rows.slice(start, start + CHUNK)
        const ids = chunk.map((r) => {
          const entry = catalog.resolve(r.task, 'training_stats_scalar', r.metric, r.variant, r.modelEvent)
          entry.delta.note(r.iter, r.timestamp)
          return entry
        })
        writeChunk(chunk, ids)
      }
      catalog.flush(now, countSeries)
    },
    async histogram(series: EventSeries, q: HistogramQuery): Promise<HistogramBuckets> {
      const out: HistogramBuckets = { x: [], y: [], ...(q.withMinMax ? { min: [], max: [] } : {}) }
      const push = (x: number, avg: number | null, min: number | null, max: number | null) => {
        out.x.push(x)
        out.y.push(avg)
        out.min?.push(min)
        out.max?.push(max)
      }
      if (q.key === 'iter' && q.interval === 1) {
        for (const r of rowsOf.iterate(series.id, SINGLE)) push(r.iter, r.value, r.value, r.value)
      } else if (q.key === 'iter') {
        if (series.minIter === null || series.maxIter === null) return out
        const args = { s: series.id, lo: Math.floor(series.minIter / q.interval) * q.interval, i: q.interval, hi: series.maxIter }
        if (q.withMinMax) {
          for (const [k, agg] of byIterBucketsMinMax.iterate(args)) {
            const [n, avg, min, max] = JSON.parse(agg as string) as [number, number | null, number | null, number | null]
            if (n > 0) push(k, avg, min, max)
          }
        } else {
          for (const [k, avg] of byIterBuckets.iterate(args)) if (avg !== null) push(k, avg as number, null, null)
        }
      } else {
        for (const [k, , avg, min, max] of byTimeBuckets.iterate({ s: series.id, i: q.interval })) push(k, avg, min, max)
      }
      return out
    },
    async page(seriesIds, p: KeyPage) {
      const key = p.key === 'iter' ? 'iter' : 'ts'
      const bounded = p.after !== undefined
      const perSeries = seriesIds.map((id) => {
        const args = bounded ? [id, p.after, p.limit] : [id, p.limit]
        return pageStatement(key, p.descending, bounded, false).all(...args).map(toPoint)
      })
      return mergeKeyPages(perSeries, (r) => (p.key === 'iter' ? r.iter : r.timestamp), {
        limit: p.limit, descending: p.descending,
        // Iterations are unique within a series; timestamps are not.
        ties: p.key === 'iter' ? undefined : (id, k) => pageStatement(key, p.descending, false, true).all(id, k).map(toPoint),
      })
    },
    async singleValues(seriesIds) {
      return seriesIds.flatMap((id) => single.all(id).map(toPoint))
    },
    async latestPositive(id) {
      return latestPositive.get(id)?.value
    },
  }
}
