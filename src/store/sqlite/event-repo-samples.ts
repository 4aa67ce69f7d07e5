// Plots, debug images and vectors ("samples"): few, large events read by iteration. An event is identified by
// (series, iteration, key) as in ClearML, so re-reporting one overwrites it. Plot strings from a threshold up
// (services.events.plot_compression_threshold, 100,000 characters unless set; 0: never) are stored zlib-compressed.
import type { Database, Statement } from 'better-sqlite3'
import { deflateSync, inflateSync } from 'node:zlib'
import { DEFAULT_PLOT_COMPRESSION_THRESHOLD } from '../../domain/events/event-types.js'
import type { SampleEdgeQuery, SampleEventRepo, SampleRow, StoredSample } from '../event-store.js'
import { jsonIds, mergeKeyPages, type SeriesCatalog } from './event-series.js'

interface Row {
  id: number; series: number; iter: number; key: string; ts: number; written: number; worker: string
  url: string | null; body: string | Buffer | null
}

const SELECT = 'SELECT id, series, iter, key, ts, written, worker, url, body FROM event_samples'

const toSample = (r: Row): StoredSample => ({
  series: r.series, iter: r.iter, key: r.key, timestamp: r.ts, written: r.written, worker: r.worker, url: r.url,
  body: Buffer.isBuffer(r.body) ? inflateSync(r.body).toString('utf8') : r.body,
})

function encodeBody(body: string | null, threshold: number): string | Buffer | null {
  if (body === null || threshold === 0 || body.length < threshold) return body
  return deflateSync(Buffer.from(body, 'utf8'), { level: 1 })
}

/** SQL for the iteration bounds of a query; the signature names the statement shape for caching. */
function bounds(q: Partial<SampleEdgeQuery>): { sql: string; args: number[]; sig: string } {
  const parts: string[] = []
  const args: number[] = []
  const ops: [keyof SampleEdgeQuery, string][] = [['lt', '<'], ['gt', '>'], ['lte', '<='], ['gte', '>='], ['eq', '=']]
  for (const [name, op] of ops) {
    const v = q[name]
    if (typeof v === 'number') {
      parts.push(`AND iter ${op} ?`)
      args.push(v)
    }
  }
  if (q.requireUrl) parts.push('AND url IS NOT NULL')
  return { sql: parts.join(' '), args, sig: parts.join('') }
}

export function createSampleEventRepo(db: Database, catalog: SeriesCatalog, compressFrom = DEFAULT_PLOT_COMPRESSION_THRESHOLD): SampleEventRepo {
  const insert = db.prepare(`INSERT OR IGNORE INTO event_samples (series, iter, key, ts, written, worker, url, body, body_len, source_urls,
    valid_plot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const overwrite = db.prepare(`UPDATE event_samples SET ts = ?, written = ?, worker = ?, url = ?, body = ?, body_len = ?,
    source_urls = ?, valid_plot = ? WHERE series = ? AND iter = ? AND key = ?`)
  const statements = new Map<string, Statement<unknown[], Row>>()
  const cached = (sig: string, sql: () => string): Statement<unknown[], Row> => {
    let st = statements.get(sig)
    if (!st) {
      if (statements.size > 200) statements.clear()
      st = db.prepare<unknown[], Row>(sql())
      statements.set(sig, st)
    }
    return st
  }
  const newestUrl = db.prepare<[number], { url: string }>(
    `SELECT url FROM event_samples WHERE series = ? AND url IS NOT NULL ORDER BY iter DESC, url DESC LIMIT 1`)
  const secondNewestWithUrl = db.prepare<[number, string], { iter: number }>(
    'SELECT iter FROM event_samples WHERE series = ? AND url = ? ORDER BY iter DESC LIMIT 1 OFFSET 1')
  const oldestValid = db.prepare<[number], { m: number | null }>(`SELECT min(m) AS m FROM
    (SELECT max(iter) AS m FROM event_samples WHERE series = ? AND url IS NOT NULL GROUP BY url)`)
  const imageUrls = db.prepare<[string], { url: string }>(`SELECT DISTINCT s.url AS url FROM event_series e
    JOIN event_samples s ON s.series = e.id WHERE e.task IN (SELECT value FROM json_each(?))
    AND e.type = 'training_debug_image' AND s.url IS NOT NULL`)
  const plotUrls = db.prepare<[string], { url: string }>(`SELECT DISTINCT j.value AS url FROM event_series e
    JOIN event_samples s ON s.series = e.id, json_each(s.source_urls) j WHERE e.task IN (SELECT value FROM json_each(?))
    AND e.type = 'plot' AND s.source_urls IS NOT NULL`)

  return {
    async add(rows: readonly SampleRow[], now) {
      catalog.batch(now, () => {
        for (const r of rows) {
          const { id, delta } = catalog.resolve(r.task, r.type, r.metric, r.variant, r.modelEvent)
          delta.note(r.iter, r.timestamp)
          const body = encodeBody(r.body, compressFrom)
          const len = r.body === null ? null : r.body.length
          const urls = r.sourceUrls.length > 0 ? JSON.stringify(r.sourceUrls) : null
          const valid = r.validPlot === undefined ? null : Number(r.validPlot)
          if (insert.run(id, r.iter, r.key, r.timestamp, r.written, r.worker, r.url, body, len, urls, valid).changes === 1) delta.added += 1
          else overwrite.run(r.timestamp, r.written, r.worker, r.url, body, len, urls, valid, id, r.iter, r.key)
        }
      })
    },
    async page(seriesIds, p) {
      const bounded = p.after !== undefined
      const dir = p.descending ? 'DESC' : 'ASC'
      // `IS NOT 0` keeps the unchecked (NULL) with the valid.
      const valid = p.validPlotsOnly ? 'AND valid_plot IS NOT 0' : ''
      const paged = cached(`page${dir}${bounded}${valid}`, () =>
        `${SELECT} WHERE series = ? ${bounded ? `AND iter ${p.descending ? '<' : '>'} ?` : ''} ${valid} ORDER BY iter ${dir}, id ${dir} LIMIT ?`)
      const tie = cached(`tie${dir}${valid}`, () => `${SELECT} WHERE series = ? AND iter = ? ${valid} ORDER BY id ${dir}`)
      const perSeries = seriesIds.map((id) => paged.all(id, ...(bounded ? [p.after] : []), p.limit).map(toSample))
      return mergeKeyPages(perSeries, (r) => r.iter, {
        limit: p.limit, descending: p.descending, ties: (id, k) => tie.all(id, k).map(toSample),
      })
    },
    async iterations(seriesIds, q) {
      if (seriesIds.length === 0) return []
      const b = bounds(q)
      const dir = q.descending ? 'DESC' : 'ASC'
      const st = cached(`iters${dir}${b.sig}`, () => `SELECT DISTINCT iter FROM event_samples
        WHERE series IN (SELECT value FROM json_each(?)) ${b.sql} ORDER BY iter ${dir} LIMIT ?`)
      return (st.all(jsonIds(seriesIds), ...b.args, q.limit) as unknown as { iter: number }[]).map((r) => r.iter)
    },
    async at(seriesIds, iterations, requireUrl) {
      if (seriesIds.length === 0 || iterations.length === 0) return []
      const st = cached(`at${requireUrl}`, () => `${SELECT} WHERE series IN (SELECT value FROM json_each(?))
        AND iter IN (SELECT value FROM json_each(?)) ${requireUrl ? 'AND url IS NOT NULL' : ''} ORDER BY iter, series, url DESC, id`)
      return st.all(jsonIds(seriesIds), jsonIds(iterations)).map(toSample)
    },
    async edge(series, q) {
      const b = bounds(q)
      const dir = q.descending ? 'DESC' : 'ASC'
      const st = cached(`edge${dir}${b.sig}`, () => `${SELECT} WHERE series = ? ${b.sql} ORDER BY iter ${dir}, url DESC, id DESC LIMIT 1`)
      const row = st.get(series, ...b.args)
      return row ? toSample(row) : undefined
    },
    async recycledBelow(series) {
      const newest = newestUrl.get(series)
      return newest ? secondNewestWithUrl.get(series, newest.url)?.iter : undefined
    },
    async oldestValidIteration(series) {
      return oldestValid.get(series)?.m ?? undefined
    },
    async fileUrls(tasks) {
      if (tasks.length === 0) return []
      const ids = jsonIds(tasks)
      return [...new Set([...imageUrls.all(ids), ...plotUrls.all(ids)].map((r) => r.url))]
    },
  }
}
