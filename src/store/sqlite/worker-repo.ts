// Workers, their machine stats and runtime properties. Times are epoch milliseconds so expiry and range scans
// use the indexes. A status report's stats are one JSON row ({metric: {variant: value}}); chart buckets are
// aggregated here with json_each, so a month of reports never travels to Node. better-sqlite3 binds JS numbers as
// REAL, so bucket numbers are truncated to integers explicitly.
import type { Database } from 'better-sqlite3'
import type { ActivityBucket, StatBucket } from '../../domain/workers/stats.js'
import type { WorkerEntry } from '../../domain/workers/worker.js'
import type { WorkerPropertyRepo, WorkerRepo, WorkerStatsQuery, WorkerStatsRepo } from '../store.js'

export function createWorkerRepo(db: Database): WorkerRepo {
  const byKey = db.prepare<[string, string, string, number], { doc: string }>(
    'SELECT doc FROM workers WHERE company = ? AND user_id = ? AND id = ? AND expires_at > ?')
  const byCompany = db.prepare<[string, number], { doc: string }>(
    'SELECT doc FROM workers WHERE company = ? AND expires_at > ? ORDER BY id, user_id')
  const upsert = db.prepare(
    `INSERT INTO workers (company, user_id, id, expires_at, doc) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (company, user_id, id) DO UPDATE SET expires_at = excluded.expires_at, doc = excluded.doc`)
  const remove = db.prepare('DELETE FROM workers WHERE company = ? AND user_id = ? AND id = ?')
  const purge = db.prepare('DELETE FROM workers WHERE expires_at <= ?')
  const parse = (row: { doc: string }): WorkerEntry => JSON.parse(row.doc) as WorkerEntry
  return {
    async get(company, user, id, now) {
      const row = byKey.get(company, user, id, now.getTime())
      return row ? parse(row) : undefined
    },
    async list(company, now) {
      return byCompany.all(company, now.getTime()).map(parse)
    },
    async put(entry, expiresAt) {
      upsert.run(entry.company.id, entry.user.id, entry.id, expiresAt.getTime(), JSON.stringify(entry))
    },
    async delete(company, user, id, now) {
      const live = byKey.get(company, user, id, now.getTime()) !== undefined
      remove.run(company, user, id)
      return live
    },
    async purgeExpired(now) {
      return purge.run(now.getTime()).changes
    },
  }
}

const statsSql = (split: boolean, byWorker: boolean): string => `
  SELECT s.worker AS worker, m.key AS metric, ${split ? 'v.key' : 'NULL'} AS variant, CAST((s.ts - ?) / ? AS INTEGER) AS bucket,
         avg(v.value) AS avg, min(v.value) AS min, max(v.value) AS max
  FROM worker_stats s, json_each(s.stats) m, json_each(m.value) v
  WHERE s.company = ? AND s.ts >= ? AND s.ts < ? AND m.key IN (SELECT value FROM json_each(?))
    ${byWorker ? 'AND s.worker IN (SELECT value FROM json_each(?))' : ''}
  GROUP BY s.worker, m.key, ${split ? 'v.key, ' : ''}bucket`

export function createWorkerStatsRepo(db: Database): WorkerStatsRepo {
  const insert = db.prepare('INSERT INTO worker_stats (company, worker, ts, task, stats) VALUES (?, ?, ?, ?, ?)')
  const upsertKey = db.prepare(
    `INSERT INTO worker_stat_keys (company, worker, metric, last_ts) VALUES (?, ?, ?, ?)
     ON CONFLICT (company, worker, metric) DO UPDATE SET last_ts = max(last_ts, excluded.last_ts)`)
  const keysAll = db.prepare<[string], { metric: string }>(
    'SELECT DISTINCT metric FROM worker_stat_keys WHERE company = ? ORDER BY metric')
  const keysOf = db.prepare<[string, string], { metric: string }>(
    'SELECT DISTINCT metric FROM worker_stat_keys WHERE company = ? AND worker IN (SELECT value FROM json_each(?)) ORDER BY metric')
  const stats = new Map([false, true].flatMap((split) => [false, true].map((byWorker) =>
    [`${split}/${byWorker}`, db.prepare(statsSql(split, byWorker))] as const)))
  const activity = db.prepare<[number, number, string, number, number], ActivityBucket>(
    `SELECT CAST((ts - ?) / ? AS INTEGER) AS bucket, count(DISTINCT worker) AS total,
            count(DISTINCT CASE WHEN task IS NOT NULL THEN worker END) AS active
     FROM worker_stats WHERE company = ? AND ts >= ? AND ts < ? GROUP BY bucket`)
  const purgeStats = db.prepare('DELETE FROM worker_stats WHERE ts < ?')
  const purgeKeys = db.prepare('DELETE FROM worker_stat_keys WHERE last_ts < ?')

  return {
    async add(s) {
      const ts = s.timestamp.getTime()
      insert.run(s.company, s.worker, ts, s.task, JSON.stringify(s.values))
      for (const metric of Object.keys(s.values)) upsertKey.run(s.company, s.worker, metric, ts)
    },
    async metricKeys(company, workers) {
      const rows = workers.length === 0 ? keysAll.all(company) : keysOf.all(company, JSON.stringify(workers))
      return rows.map((r) => r.metric)
    },
    async aggregate(q: WorkerStatsQuery) {
      const start = q.start.getTime()
      const params: unknown[] = [start, q.intervalMs, q.company, start, q.end.getTime(), JSON.stringify(q.metrics)]
      if (q.workers.length > 0) params.push(JSON.stringify(q.workers))
      const statement = stats.get(`${q.splitByVariant}/${q.workers.length > 0}`)
      return (statement?.all(...params) ?? []) as StatBucket[]
    },
    async activity(q) {
      const start = q.start.getTime()
      return activity.all(start, q.intervalMs, q.company, start, q.end.getTime())
    },
    async purgeBefore(before) {
      const ts = before.getTime()
      purgeKeys.run(ts)
      return purgeStats.run(ts).changes
    },
  }
}

export function createWorkerPropertyRepo(db: Database): WorkerPropertyRepo {
  const select = db.prepare<[string, string, number], { key: string; value: string; expires_at: number | null }>(
    `SELECT key, value, expires_at FROM worker_properties
     WHERE company = ? AND worker = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key`)
  const upsert = db.prepare(
    `INSERT INTO worker_properties (company, worker, key, value, expires_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (company, worker, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`)
  const purge = db.prepare('DELETE FROM worker_properties WHERE expires_at IS NOT NULL AND expires_at <= ?')
  return {
    async get(company, worker, now) {
      return select.all(company, worker, now.getTime()).map((r) => ({
        key: r.key, value: r.value, expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
      }))
    },
    async set(company, worker, properties) {
      for (const p of properties) upsert.run(company, worker, p.key, p.value, p.expiresAt?.getTime() ?? null)
    },
    async purgeExpired(now) {
      return purge.run(now.getTime()).changes
    },
  }
}
