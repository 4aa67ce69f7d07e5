// The event series catalog: one row per (task, event type, metric, variant) with running counts and extents.
// Ingest resolves series ids inside its transaction and folds each batch's extents into the row once per series.
// Ids it has resolved are kept for the next batches while the write epoch holds (write-epoch.ts): a sibling API
// process that commits, or a rollback, drops them all.
import type { Database } from 'better-sqlite3'
import { SINGLE_VALUE_ITERATION, type EventType } from '../../domain/events/event-types.js'
import type { EventSeries, EventSeriesRepo } from '../event-store.js'
import { EpochCache, type WriteEpoch } from './write-epoch.js'

interface SeriesRow {
  id: number; task: string; type: string; metric: string; variant: string; model_event: number; count: number
  min_iter: number | null; max_iter: number | null; min_ts: number | null; max_ts: number | null; has_single: number; last_written: number
}

export const toSeries = (r: SeriesRow): EventSeries => ({
  id: r.id, task: r.task, type: r.type as EventType, metric: r.metric, variant: r.variant, modelEvent: r.model_event === 1,
  count: r.count, minIter: r.min_iter, maxIter: r.max_iter, minTimestamp: r.min_ts, maxTimestamp: r.max_ts,
  hasSingle: r.has_single === 1, lastWritten: r.last_written,
})

/** What one batch adds to one series. */
export class SeriesDelta {
  added = 0
  minIter: number | null = null
  maxIter: number | null = null
  minTs: number | null = null
  maxTs: number | null = null
  single = false

  note(iter: number | null, ts: number): void {
    if (iter === SINGLE_VALUE_ITERATION) {
      this.single = true
      return
    }
    if (iter !== null) {
      if (this.minIter === null || iter < this.minIter) this.minIter = iter
      if (this.maxIter === null || iter > this.maxIter) this.maxIter = iter
    }
    if (this.minTs === null || ts < this.minTs) this.minTs = ts
    if (this.maxTs === null || ts > this.maxTs) this.maxTs = ts
  }
}

export interface SeriesCatalog {
  /**
   * Runs `write`, which resolves the series of a batch's events and fills their deltas, then writes the deltas.
   * Nothing of a batch that throws is kept: its transaction (or savepoint) is rolled back, so neither are the ids
   * (the epoch is moved at once, before the caller rolls back).
   */
  batch(written: number, write: () => void): void
  /** The id of the series, created when missing, with a delta to fill; only inside `batch`. */
  resolve(task: string, type: EventType, metric: string, variant: string, modelEvent: boolean): { id: number; delta: SeriesDelta }
}

/** Series ids kept between batches; past this many the cache starts over. */
const KNOWN_SERIES = 50_000

export function createSeriesCatalog(db: Database, epoch: WriteEpoch): SeriesCatalog & { list: EventSeriesRepo['list'] } {
  const find = db.prepare<[string, string, string, string], { id: number }>(
    'SELECT id FROM event_series WHERE task = ? AND type = ? AND metric = ? AND variant = ?')
  const insert = db.prepare('INSERT INTO event_series (task, type, metric, variant, model_event) VALUES (?, ?, ?, ?, ?)')
  // min()/max() with a NULL argument are NULL in SQLite, hence the coalesce on the stored side.
  const bump = db.prepare(`UPDATE event_series SET count = count + @added, last_written = @written,
      has_single = max(has_single, @single),
      min_iter = CASE WHEN @minIter IS NULL THEN min_iter ELSE min(coalesce(min_iter, @minIter), @minIter) END,
      max_iter = CASE WHEN @maxIter IS NULL THEN max_iter ELSE max(coalesce(max_iter, @maxIter), @maxIter) END,
      min_ts = CASE WHEN @minTs IS NULL THEN min_ts ELSE min(coalesce(min_ts, @minTs), @minTs) END,
      max_ts = CASE WHEN @maxTs IS NULL THEN max_ts ELSE max(coalesce(max_ts, @maxTs), @maxTs) END
    WHERE id = @id`)
  const byTasks = db.prepare<[string], SeriesRow>(`SELECT * FROM event_series WHERE task IN (SELECT value FROM json_each(?))
    ORDER BY task, metric, variant, type`)
  type Entry = { id: number; delta: SeriesDelta }
  const known = new EpochCache<string, number>(epoch, KNOWN_SERIES)
  // Nested maps rather than one joined key: resolve runs per event, and this way it allocates nothing.
  let pending = new Map<string, Map<string, Map<string, Map<string, Entry>>>>()
  const child = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
    let v = map.get(key)
    if (v === undefined) map.set(key, (v = make()))
    return v
  }

  return {
    resolve(task, type, metric, variant, modelEvent) {
      const variants = child(child(child(pending, task, () => new Map()), type, () => new Map()), metric, () => new Map<string, Entry>())
      let entry = variants.get(variant)
      if (entry) return entry
      // Length-prefixed parts: names may hold any character, and no two series may share a key.
      const key = `${task.length}:${task}${type.length}:${type}${metric.length}:${metric}${variant}`
      let id = known.get(key)
      if (id === undefined) {
        id = find.get(task, type, metric, variant)?.id ?? Number(insert.run(task, type, metric, variant, modelEvent ? 1 : 0).lastInsertRowid)
        known.set(key, id)
      }
      entry = { id, delta: new SeriesDelta() }
      variants.set(variant, entry)
      return entry
    },
    batch(written, write) {
      pending = new Map()
      try {
        write()
        for (const byType of pending.values()) for (const byMetric of byType.values()) for (const byVariant of byMetric.values()) {
          for (const { id, delta: d } of byVariant.values()) {
            bump.run({ id, written, added: d.added, single: d.single ? 1 : 0, minIter: d.minIter, maxIter: d.maxIter, minTs: d.minTs, maxTs: d.maxTs })
          }
        }
      } catch (err) {
        epoch.invalidate()
        throw err
      } finally {
        pending = new Map()
      }
    },
    async list(tasks, types) {
      if (tasks.length === 0) return []
      const rows = byTasks.all(JSON.stringify(tasks)).map(toSeries)
      return types ? rows.filter((s) => types.includes(s.type)) : rows
    },
  }
}

/**
 * Merges per-series pages (each already in travel order, at most `limit` long) into one page: the first `limit`
 * rows by key, plus every row sharing the last row's key. `ties` fetches a series' remaining rows at that key
 * when its own page was cut there.
 */
export function mergeKeyPages<R extends { series: number }>(
  pages: readonly R[][], keyOf: (r: R) => number, o: { limit: number; descending: boolean; ties?: (series: number, key: number) => R[] },
): R[] {
  const dir = o.descending ? -1 : 1
  const all = pages.flat().sort((a, b) => dir * (keyOf(a) - keyOf(b)) || a.series - b.series)
  // Fewer rows than the limit means no series page was cut short.
  if (all.length < o.limit) return all
  const boundary = keyOf(all[o.limit - 1])
  const within = (r: R) => (o.descending ? keyOf(r) >= boundary : keyOf(r) <= boundary)
  let out = all.filter(within)
  if (!o.ties) return out
  for (const page of pages) {
    if (page.length < o.limit || keyOf(page[page.length - 1]) !== boundary) continue
    const series = page[0].series
    // The series may hold more rows at the boundary than its page had room for: replace them with all of them.
    out = [...out.filter((r) => r.series !== series || keyOf(r) !== boundary), ...o.ties(series, boundary)]
  }
  return out
}

export const jsonIds = (ids: readonly (string | number)[]): string => JSON.stringify(ids)
