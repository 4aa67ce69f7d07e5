// The per-entity summary ClearML keeps of reported scalars (last_metrics, unique_metrics), of reported events
// (metric_stats) and of progress (last_iteration). One batch is summarised first, then applied to the stored
// document once, with ClearML's rules for which stored values a batch may replace.
import { createHash } from 'node:crypto'
import type { MetricValue } from '../entities/task.js'
import { DEFAULT_MAX_TRACKED_METRICS, type IngestEvent, type ScalarEvent } from './event-types.js'

const hashes = new Map<string, string>()

/** ClearML keys last_metrics and metric_stats by the md5 hex of the UTF-8 name (database/utils.py hash_field_name). */
export function hashFieldName(name: string): string {
  // The same few names come with every batch; an md5 costs more than the rest of a batch's summary arithmetic.
  let hash = hashes.get(name)
  if (hash === undefined) {
    if (hashes.size >= 10_000) hashes.clear()
    hash = createHash('md5').update(name, 'utf8').digest('hex')
    hashes.set(name, hash)
  }
  return hash
}

export interface ScalarSummary {
  metric: string
  variant: string
  count: number
  total: number
  /** The value of the latest (iter, timestamp) in the batch. */
  value: number
  iter: number
  timestamp: number
  xAxisLabel?: string
  firstValue: number
  firstIter: number
  minValue: number
  minIter: number
  maxValue: number
  maxIter: number
}

export interface MetricEventStats {
  metric: string
  event_stats_by_type: Record<string, { last_update: number }>
}

/** What one batch says about one task or model. */
export interface EntityBatchSummary {
  /** metric → variant → summary (nested rather than one joined key: this is looked up per event). */
  scalars: Map<string, Map<string, ScalarSummary>>
  /** metric → event type → latest event timestamp. */
  latestByMetric: Map<string, Map<string, number>>
  /** metric → the highest iteration reported (kept per metric: which metrics move last_iteration is a setting). */
  maxIterByMetric: Map<string, number>
}

export const newEntitySummary = (): EntityBatchSummary => ({ scalars: new Map(), latestByMetric: new Map(), maxIterByMetric: new Map() })

export function addToSummary(s: EntityBatchSummary, e: IngestEvent): void {
  if (e.iter !== null) {
    const prior = s.maxIterByMetric.get(e.metric)
    if (prior === undefined || prior < e.iter) s.maxIterByMetric.set(e.metric, e.iter)
  }
  let byType = s.latestByMetric.get(e.metric)
  if (!byType) s.latestByMetric.set(e.metric, (byType = new Map()))
  const prior = byType.get(e.type)
  if (prior === undefined || prior < e.timestamp) byType.set(e.type, e.timestamp)
  if (e.type === 'training_stats_scalar') addScalar(s.scalars, e)
}

/** The batch's scalar summaries, metric by metric. */
export function scalarSummaries(s: EntityBatchSummary): ScalarSummary[] {
  return [...s.scalars.values()].flatMap((variants) => [...variants.values()])
}

function addScalar(scalars: EntityBatchSummary['scalars'], e: ScalarEvent): void {
  if (e.value === null) return
  const v = e.value
  let variants = scalars.get(e.metric)
  if (!variants) scalars.set(e.metric, (variants = new Map()))
  const s = variants.get(e.variant)
  if (!s) {
    const first: ScalarSummary = {
      metric: e.metric, variant: e.variant, count: 1, total: v, value: v, iter: e.iter, timestamp: e.timestamp,
      firstValue: v, firstIter: e.iter, minValue: v, minIter: e.iter, maxValue: v, maxIter: e.iter,
    }
    if (e.xAxisLabel !== undefined) first.xAxisLabel = e.xAxisLabel
    variants.set(e.variant, first)
    return
  }
  s.count += 1
  s.total += v
  if (e.iter > s.iter || (e.iter === s.iter && e.timestamp >= s.timestamp)) {
    s.value = v
    s.iter = e.iter
    s.timestamp = e.timestamp
    if (e.xAxisLabel !== undefined) s.xAxisLabel = e.xAxisLabel
  }
  if (e.iter < s.firstIter) [s.firstValue, s.firstIter] = [v, e.iter]
  if (v < s.minValue) [s.minValue, s.minIter] = [v, e.iter]
  if (v > s.maxValue) [s.maxValue, s.maxIter] = [v, e.iter]
}

export interface MetricsHolder {
  last_metrics?: Record<string, Record<string, MetricValue>>
  unique_metrics?: string[]
  last_iteration?: number
  metric_stats?: Record<string, unknown>
}

/**
 * Keys stay sorted: Mongo applies dotted $set paths in lexical order, so ClearML's documents list metrics by
 * hash, and clients that take "the first metric" (the test suite does) depend on it.
 */
function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {}
  for (const k of Object.keys(record).sort()) out[k] = record[k]
  return out
}

const round2 = (x: number): number => Math.round(x * 100) / 100

export function applyScalarSummaries(doc: MetricsHolder, summaries: Iterable<ScalarSummary>, cap = DEFAULT_MAX_TRACKED_METRICS): void {
  const tracked = new Set(doc.unique_metrics ?? [])
  const unique = [...(doc.unique_metrics ?? [])]
  const last: Record<string, Record<string, MetricValue>> = { ...(doc.last_metrics ?? {}) }
  let changed = false
  for (const s of summaries) {
    const name = `${s.metric}/${s.variant}`
    if (tracked.size >= cap && !tracked.has(name)) continue
    if (!tracked.has(name)) {
      tracked.add(name)
      unique.push(name)
    }
    const mh = hashFieldName(s.metric)
    const vh = hashFieldName(s.variant)
    const variants = { ...(last[mh] ?? {}) }
    variants[vh] = mergeValue(variants[vh], s)
    last[mh] = sortedKeys(variants)
    changed = true
  }
  if (!changed) return
  doc.last_metrics = sortedKeys(last)
  doc.unique_metrics = unique
}

function mergeValue(stored: MetricValue | undefined, s: ScalarSummary): MetricValue {
  const m: MetricValue = { ...(stored ?? { metric: s.metric, variant: s.variant }) }
  m.metric = s.metric
  m.variant = s.variant
  // ClearML sets the batch's latest value whatever was stored: a batch is taken to be newer than the document.
  m.value = s.value
  if (s.xAxisLabel !== undefined) m.x_axis_label = s.xAxisLabel
  if (m.first_value === undefined || m.first_value === null) [m.first_value, m.first_value_iteration] = [s.firstValue, s.firstIter]
  if (m.min_value === undefined || m.min_value === null || m.min_value > s.minValue) [m.min_value, m.min_value_iteration] = [s.minValue, s.minIter]
  if (m.max_value === undefined || m.max_value === null || m.max_value < s.maxValue) [m.max_value, m.max_value_iteration] = [s.maxValue, s.maxIter]
  const count = m.count ?? 0
  m.mean_value = round2(((m.mean_value ?? 0) * count + s.total) / (count + s.count))
  m.count = count + s.count
  return m
}

/**
 * The batch's highest iteration over the metrics that count for progress (0 when only lower ones were reported), or
 * undefined when none was. `ignoredMetrics` (services.events.ignore_iteration.metrics) are left out: by default the
 * resource monitor's, whose iterations are wall-clock seconds.
 */
export function batchLastIteration(s: EntityBatchSummary, ignoredMetrics: ReadonlySet<string>): number | undefined {
  let max: number | undefined
  for (const [metric, iter] of s.maxIterByMetric) if (!ignoredMetrics.has(metric)) max = Math.max(iter, max ?? 0)
  return max
}

export function applyLastIteration(doc: MetricsHolder, maxIter: number | undefined): void {
  if (maxIter === undefined) return
  if (doc.last_iteration === undefined || doc.last_iteration === null || doc.last_iteration < maxIter) doc.last_iteration = maxIter
}

/** metric_stats[md5(metric)].event_stats_by_type[type].last_update: the debug-image and plot iterators' refresh reads it. */
export function applyMetricStats(doc: MetricsHolder, latest: ReadonlyMap<string, ReadonlyMap<string, number>>): void {
  if (latest.size === 0) return
  const stats: Record<string, unknown> = { ...(doc.metric_stats ?? {}) }
  for (const [metric, byType] of latest) {
    const key = hashFieldName(metric)
    const prior = stats[key] as MetricEventStats | undefined
    const types = { ...(prior?.event_stats_by_type ?? {}) }
    for (const [type, ts] of byType) types[type] = { last_update: ts }
    stats[key] = { metric, event_stats_by_type: types } satisfies MetricEventStats
  }
  doc.metric_stats = stats
}

/** metric → event type → last update, as stored by applyMetricStats. */
export function readMetricStats(doc: MetricsHolder): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>()
  for (const value of Object.values(doc.metric_stats ?? {})) {
    const s = value as Partial<MetricEventStats> | null
    if (!s || typeof s.metric !== 'string') continue
    const byType = new Map<string, number>()
    for (const [type, v] of Object.entries(s.event_stats_by_type ?? {})) byType.set(type, Number(v?.last_update ?? 0))
    out.set(s.metric, byType)
  }
  return out
}
