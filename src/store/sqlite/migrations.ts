// Numbered migrations, applied in order at start under an exclusive lock. PRAGMA user_version records the
// last one applied; a database written by a newer Clarion is refused rather than silently misread.
import type { Database } from 'better-sqlite3'
import { chunkBounds, encodeChunk, minMax, normalizeIncoming, pointsOf } from '../scalar-chunks.js'

/** A migration step: SQL, or code for what SQL cannot do (repacking rows). */
type Step = string | ((db: Database) => void)

// Entity tables keep a rowid: with no order_by, get_all returns documents in insertion order, as MongoDB's natural
// order does in ClearML.
const docTable = (name: string, indexed: readonly string[], unique: readonly string[][] = []) => [
  `CREATE TABLE ${name} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`,
  ...indexed.map((f) => `CREATE INDEX ${name}_${f} ON ${name} (json_extract(doc, '$.${f}'))`),
  ...unique.map((fields) =>
    `CREATE UNIQUE INDEX ${name}_unique_${fields.join('_')} ON ${name} (${fields.map((f) => `json_extract(doc, '$.${f}')`).join(', ')})`),
]

/**
 * The top-level fields of tasks and models kept in their own JSON column `hot` (from migration 6): every events
 * batch rewrites them, and a separate column leaves `doc` and the indexes over it alone. Changing a list needs a
 * migration that moves the fields.
 */
export const TASK_HOT_FIELDS: readonly string[] = [
  'last_metrics', 'unique_metrics', 'metric_stats', 'last_iteration', 'last_update', 'last_change', 'last_changed_by', 'active_duration',
]
export const MODEL_HOT_FIELDS: readonly string[] = ['last_metrics', 'unique_metrics', 'last_iteration', 'last_update', 'last_change', 'last_changed_by']

export const MIGRATIONS: readonly (readonly Step[])[] = [
  // 1: identities and the entity documents
  [
    `CREATE TABLE companies (id TEXT PRIMARY KEY, name TEXT NOT NULL)`,
    `CREATE TABLE users (
       id TEXT PRIMARY KEY, company TEXT NOT NULL, name TEXT NOT NULL, given_name TEXT NOT NULL, family_name TEXT NOT NULL,
       email TEXT NOT NULL, role TEXT NOT NULL, avatar TEXT, created TEXT NOT NULL, preferences TEXT NOT NULL,
       password_hash TEXT, autocreated INTEGER NOT NULL, service_account INTEGER NOT NULL DEFAULT 0)`,
    `CREATE INDEX users_company ON users (company)`,
    `CREATE INDEX users_email ON users (email)`,
    `CREATE TABLE credentials (
       access_key TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, user_id TEXT NOT NULL, company TEXT NOT NULL,
       label TEXT, created TEXT NOT NULL, last_used TEXT, last_used_from TEXT)`,
    `CREATE INDEX credentials_user ON credentials (user_id)`,
    `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    `CREATE TABLE revoked_tokens (session_id TEXT PRIMARY KEY, expires_at TEXT NOT NULL)`,
    ...docTable('tasks', ['company', 'project', 'status', 'parent', 'created', 'last_update', 'user', 'type']),
    ...docTable('projects', ['company', 'parent'], [['company', 'name']]),
    ...docTable('models', ['company', 'project', 'task', 'created', 'last_update', 'user']),
    ...docTable('queues', ['company'], [['company', 'name']]),
  ],
  // 2: queue metrics samples (one row per change of a queue's entries), read by queues.get_queue_metrics
  [
    `CREATE TABLE queue_metrics (
       company TEXT NOT NULL, queue TEXT NOT NULL, ts INTEGER NOT NULL, queue_length INTEGER NOT NULL,
       avg_waiting_sec REAL NOT NULL)`,
    `CREATE INDEX queue_metrics_company_ts ON queue_metrics (company, ts)`,
    `CREATE INDEX queue_metrics_queue_ts ON queue_metrics (queue, ts)`,
  ],
  // 3: workers (live registrations), their machine stats with the metric names seen, runtime properties, and
  // leases that keep a background job to one process per deployment
  [
    `CREATE TABLE workers (
       company TEXT NOT NULL, user_id TEXT NOT NULL, id TEXT NOT NULL, expires_at INTEGER NOT NULL, doc TEXT NOT NULL,
       PRIMARY KEY (company, user_id, id)) WITHOUT ROWID`,
    `CREATE INDEX workers_expires_at ON workers (expires_at)`,
    `CREATE TABLE worker_stats (company TEXT NOT NULL, worker TEXT NOT NULL, ts INTEGER NOT NULL, task TEXT, stats TEXT NOT NULL)`,
    `CREATE INDEX worker_stats_company_ts ON worker_stats (company, ts)`,
    `CREATE INDEX worker_stats_worker_ts ON worker_stats (company, worker, ts)`,
    `CREATE INDEX worker_stats_ts ON worker_stats (ts)`,
    `CREATE TABLE worker_stat_keys (
       company TEXT NOT NULL, worker TEXT NOT NULL, metric TEXT NOT NULL, last_ts INTEGER NOT NULL,
       PRIMARY KEY (company, worker, metric)) WITHOUT ROWID`,
    `CREATE TABLE worker_properties (
       company TEXT NOT NULL, worker TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires_at INTEGER,
       PRIMARY KEY (company, worker, key)) WITHOUT ROWID`,
    `CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID`,
  ],
  // 4: events. A catalog of series (task or model, event type, metric, variant) with running counts and
  // extents, so listings, totals and chart intervals never scan events; scalars as compact rows clustered by
  // (series, iteration); logs by (task, timestamp); plots, debug images and vectors as "samples".
  [
    `CREATE TABLE event_series (
       id INTEGER PRIMARY KEY, task TEXT NOT NULL, type TEXT NOT NULL, metric TEXT NOT NULL, variant TEXT NOT NULL,
       model_event INTEGER NOT NULL, count INTEGER NOT NULL DEFAULT 0, min_iter INTEGER, max_iter INTEGER,
       min_ts INTEGER, max_ts INTEGER, has_single INTEGER NOT NULL DEFAULT 0, last_written INTEGER NOT NULL DEFAULT 0,
       UNIQUE (task, type, metric, variant))`,
    `CREATE TABLE event_scalars (
       series INTEGER NOT NULL, iter INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL,
       PRIMARY KEY (series, iter)) WITHOUT ROWID`,
    `CREATE TABLE event_samples (
       id INTEGER PRIMARY KEY, series INTEGER NOT NULL, iter INTEGER NOT NULL, key TEXT NOT NULL, ts INTEGER NOT NULL,
       written INTEGER NOT NULL, worker TEXT NOT NULL, url TEXT, body, body_len INTEGER, source_urls TEXT)`,
    `CREATE UNIQUE INDEX event_samples_series_iter ON event_samples (series, iter, key)`,
    `CREATE TABLE event_logs (
       id INTEGER PRIMARY KEY, task TEXT NOT NULL, ts INTEGER NOT NULL, iter INTEGER, level TEXT NOT NULL,
       worker TEXT NOT NULL, metric TEXT NOT NULL, variant TEXT NOT NULL, msg TEXT NOT NULL, written INTEGER NOT NULL)`,
    `CREATE INDEX event_logs_task_ts ON event_logs (task, ts)`,
  ],
  // 5: scalars packed in chunks of up to 128 points per series (store/scalar-chunks.ts) instead of a row per point
  [
    `CREATE TABLE scalar_chunks (
       series INTEGER NOT NULL, first_iter INTEGER NOT NULL, last_iter INTEGER NOT NULL, n INTEGER NOT NULL,
       min_ts INTEGER NOT NULL, max_ts INTEGER NOT NULL, points BLOB NOT NULL)`,
    `CREATE UNIQUE INDEX scalar_chunks_series_iter ON scalar_chunks (series, first_iter)`,
    packScalarRows,
    `DROP TABLE event_scalars`,
  ],
  // 6: the fields events batches rewrite move to a `hot` column of tasks and models (TASK_HOT_FIELDS)
  [
    `ALTER TABLE tasks ADD COLUMN hot TEXT NOT NULL DEFAULT '{}'`,
    `ALTER TABLE models ADD COLUMN hot TEXT NOT NULL DEFAULT '{}'`,
    (db) => moveHotFields(db, 'tasks', TASK_HOT_FIELDS),
    (db) => moveHotFields(db, 'models', MODEL_HOT_FIELDS),
    `DROP INDEX tasks_last_update`,
    `CREATE INDEX tasks_last_update ON tasks (json_extract(hot, '$.last_update'))`,
    `DROP INDEX models_last_update`,
    `CREATE INDEX models_last_update ON models (json_extract(hot, '$.last_update'))`,
  ],
  // 7: whether a plot's plot_str is JSON, for servers that check it (services.events.validate_plot_str); NULL: unchecked
  [
    `ALTER TABLE event_samples ADD COLUMN valid_plot INTEGER`,
  ],
]

function moveHotFields(db: Database, table: string, fields: readonly string[]): void {
  const write = db.prepare(`UPDATE ${table} SET doc = ?, hot = ? WHERE id = ?`)
  for (const row of db.prepare<[], { id: string; doc: string }>(`SELECT id, doc FROM ${table}`).all()) {
    const doc = JSON.parse(row.doc) as Record<string, unknown>
    const hot: Record<string, unknown> = {}
    for (const f of fields) {
      if (!(f in doc)) continue
      hot[f] = doc[f]
      delete doc[f]
    }
    write.run(JSON.stringify(doc), JSON.stringify(hot), row.id)
  }
}

function packScalarRows(db: Database): void {
  const insert = db.prepare('INSERT INTO scalar_chunks (series, first_iter, last_iter, n, min_ts, max_ts, points) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const rows = db.prepare<[number], { iter: number; timestamp: number; value: number | null }>(
    'SELECT iter, ts AS timestamp, value FROM event_scalars WHERE series = ? ORDER BY iter')
  for (const { series } of db.prepare<[], { series: number }>('SELECT DISTINCT series FROM event_scalars').all()) {
    const points = normalizeIncoming(pointsOf(rows.all(series)))
    for (const [from, to] of chunkBounds(points.length, 'fill')) {
      const ts = minMax(points.ts.subarray(from, to))
      insert.run(series, points.iter[from], points.iter[to - 1], to - from, ts.min, ts.max, encodeChunk(points, from, to))
    }
  }
}

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > MIGRATIONS.length) {
    throw new Error(`the database is at schema ${current}, newer than this Clarion (${MIGRATIONS.length}); upgrade Clarion`)
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      for (const step of MIGRATIONS[version]) {
        if (typeof step === 'string') db.exec(step)
        else step(db)
      }
      db.pragma(`user_version = ${version + 1}`)
    }).immediate()
  }
}
