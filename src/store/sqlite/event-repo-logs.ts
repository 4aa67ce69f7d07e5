// Console logs: one row per reported record, indexed by (task, timestamp); the rowid breaks timestamp ties so
// pages and downloads are stable. Totals come from the series catalog, never from counting rows.
import type { Database, Statement } from 'better-sqlite3'
import type { LogClearQuery, LogEventRepo, LogPageQuery, LogRow, StoredLog } from '../event-store.js'
import { jsonIds, type SeriesCatalog } from './event-series.js'
import type { WriteEpoch } from './write-epoch.js'

const CHUNK = 100
const COLUMNS = 9

interface Row {
  id: number; task: string; ts: number; iter: number | null; level: string; worker: string; metric: string; variant: string
  msg: string; written: number
}

const toLog = (r: Row): StoredLog => ({
  id: r.id, task: r.task, timestamp: r.ts, iter: r.iter, level: r.level, worker: r.worker, metric: r.metric,
  variant: r.variant, msg: r.msg, written: r.written,
})

export function createLogEventRepo(db: Database, catalog: SeriesCatalog, epoch: WriteEpoch): LogEventRepo {
  const inserts = new Map<number, Statement>()
  const insertFor = (n: number): Statement => {
    let st = inserts.get(n)
    if (!st) {
      st = db.prepare(`INSERT INTO event_logs (task, ts, iter, level, worker, metric, variant, msg, written)
        VALUES ${Array(n).fill(`(${Array(COLUMNS).fill('?').join(',')})`).join(',')}`)
      inserts.set(n, st)
    }
    return st
  }
  const pages = new Map<string, Statement<unknown[], Row>>()
  const pageStatement = (earlier: boolean, bounded: boolean, filtered: boolean, tie: boolean) => {
    const sig = `${earlier}${bounded}${filtered}${tie}`
    let st = pages.get(sig)
    if (!st) {
      const dir = earlier ? 'DESC' : 'ASC'
      const range = tie ? 'AND ts = ?' : bounded ? `AND ts ${earlier ? '<' : '>'} ?` : ''
      const metric = filtered ? 'AND metric IN (SELECT value FROM json_each(?))' : ''
      st = db.prepare<unknown[], Row>(`SELECT * FROM event_logs WHERE task = ? ${range} ${metric}
        ORDER BY ts ${dir}, id ${dir} ${tie ? '' : 'LIMIT ?'}`)
      pages.set(sig, st)
    }
    return st
  }
  const scans = new Map<string, Statement<unknown[], Row>>()
  const scanStatement = (descending: boolean, bounded: boolean, filtered: boolean) => {
    const sig = `${descending}${bounded}${filtered}`
    let st = scans.get(sig)
    if (!st) {
      const dir = descending ? 'DESC' : 'ASC'
      const range = bounded ? `AND (ts, id) ${descending ? '<' : '>'} (?, ?)` : ''
      const metric = filtered ? 'AND metric IN (SELECT value FROM json_each(?))' : ''
      st = db.prepare<unknown[], Row>(`SELECT * FROM event_logs WHERE task = ? ${range} ${metric} ORDER BY ts ${dir}, id ${dir} LIMIT ?`)
      scans.set(sig, st)
    }
    return st
  }
  const total = db.prepare<[string], { n: number | null }>(`SELECT sum(count) AS n FROM event_series WHERE task = ? AND type = 'log'`)
  const totalOf = db.prepare<[string, string], { n: number | null }>(`SELECT sum(count) AS n FROM event_series
    WHERE task = ? AND type = 'log' AND metric IN (SELECT value FROM json_each(?))`)
  const same = 'FROM event_logs l WHERE l.task = event_series.task AND l.metric = event_series.metric AND l.variant = event_series.variant'
  const restat = db.prepare<[string]>(`UPDATE event_series SET count = (SELECT count(*) ${same}),
      min_ts = (SELECT min(ts) ${same}), max_ts = (SELECT max(ts) ${same}),
      min_iter = (SELECT min(iter) ${same}), max_iter = (SELECT max(iter) ${same})
    WHERE task = ? AND type = 'log'`)
  const dropEmpty = db.prepare<[string]>(`DELETE FROM event_series WHERE task = ? AND type = 'log' AND count = 0`)

  function clearSql(q: LogClearQuery): { sql: string; args: unknown[] } {
    const parts = ['task = ?']
    const args: unknown[] = [q.task]
    if (q.olderThan !== undefined) parts.push('ts < ?'), args.push(q.olderThan)
    if (q.includeMetrics?.length) parts.push('metric IN (SELECT value FROM json_each(?))'), args.push(jsonIds(q.includeMetrics))
    if (q.excludeMetrics?.length) parts.push('metric NOT IN (SELECT value FROM json_each(?))'), args.push(jsonIds(q.excludeMetrics))
    return { sql: `DELETE FROM event_logs WHERE ${parts.join(' AND ')}`, args }
  }

  return {
    async add(rows: readonly LogRow[], written) {
      catalog.batch(written, () => {
        for (let start = 0; start < rows.length; start += CHUNK) {
          const chunk = rows.slice(start, start + CHUNK)
          const params: unknown[] = new Array(chunk.length * COLUMNS)
          let p = 0
          for (const r of chunk) {
            const { delta } = catalog.resolve(r.task, 'log', r.metric, r.variant, false)
            delta.added += 1
            delta.note(r.iter, r.timestamp)
            params[p++] = r.task
            params[p++] = r.timestamp
            params[p++] = r.iter
            params[p++] = r.level
            params[p++] = r.worker
            params[p++] = r.metric
            params[p++] = r.variant
            params[p++] = r.msg
            params[p++] = written
          }
          insertFor(chunk.length).run(params)
        }
      })
    },
    async page(q: LogPageQuery) {
      const filtered = q.metrics !== undefined && q.metrics.length > 0
      const bounded = q.from !== undefined
      const filterArgs = filtered ? [jsonIds(q.metrics ?? [])] : []
      const rows = pageStatement(q.earlier, bounded, filtered, false)
        .all(q.task, ...(bounded ? [q.from] : []), ...filterArgs, q.limit).map(toLog)
      if (rows.length < q.limit || rows.length === 0) return rows
      // ClearML returns every record sharing the boundary timestamp, so the next page can start past it.
      const boundary = rows[rows.length - 1].timestamp
      const seen = new Set(rows.map((r) => r.id))
      const ties = pageStatement(q.earlier, false, filtered, true).all(q.task, boundary, ...filterArgs).map(toLog)
      return [...rows, ...ties.filter((r) => !seen.has(r.id))]
    },
    async scan(task, q) {
      const filtered = q.metrics !== undefined && q.metrics.length > 0
      const args = [task, ...(q.cursor ? [q.cursor.timestamp, q.cursor.id] : []), ...(filtered ? [jsonIds(q.metrics ?? [])] : []), q.limit]
      return scanStatement(q.descending, q.cursor !== undefined, filtered).all(...args).map(toLog)
    },
    async count(task, metrics) {
      const row = metrics && metrics.length > 0 ? totalOf.get(task, jsonIds(metrics)) : total.get(task)
      return row?.n ?? 0
    },
    async clear(q) {
      const { sql, args } = clearSql(q)
      const deleted = db.prepare(sql).run(...args).changes
      if (deleted > 0) {
        restat.run(q.task)
        // Series left empty are deleted, and cached ids may name them.
        epoch.invalidate()
        dropEmpty.run(q.task)
      }
      return deleted
    },
  }
}
