// Worker machine statistics: how a status report's machine_stats become stored values, how a time range is cut
// into chart buckets, and how bucket aggregates become the get_stats / get_activity_report replies.

/** metric → variant → value. A scalar stat has the one variant "total"; a list (per core, per GPU) its indexes. */
export type MachineStatValues = Record<string, Record<string, number>>

export type MachineStatsInput = Record<string, number | readonly (number | null)[] | null | undefined>

export type Aggregation = 'avg' | 'min' | 'max'

export interface StatItem { key: string; aggregation: Aggregation }

/** Aggregates of one bucket of one worker's metric (and variant, when split). `bucket` indexes the plan. */
export interface StatBucket {
  worker: string
  metric: string
  variant: string | null
  bucket: number
  avg: number
  min: number
  max: number
}

export interface ActivityBucket { bucket: number; total: number; active: number }

/** Bucket k starts at startMs + k·intervalMs; only the `count` complete buckets are kept. */
export interface BucketPlan { startMs: number; intervalMs: number; count: number }

/** A chart this fine would be millions of points; the interval is widened instead. */
export const MAX_BUCKETS = 10_000

/** ClearML skips zero and empty values (`if not value`), so an idle GPU leaves no point rather than a 0. */
export function flattenMachineStats(stats: MachineStatsInput): MachineStatValues {
  const out: MachineStatValues = {}
  for (const [metric, value] of Object.entries(stats)) {
    if (Array.isArray(value)) {
      const variants: Record<string, number> = {}
      value.forEach((v, i) => {
        if (typeof v === 'number' && Number.isFinite(v)) variants[String(i)] = v
      })
      if (Object.keys(variants).length > 0) out[metric] = variants
    } else if (typeof value === 'number' && Number.isFinite(value) && value !== 0) {
      out[metric] = { total: value }
    }
  }
  return out
}

/** "cpu_usage" → "cpu", "memory_used" → "memory": the categories get_metric_keys groups by. */
export const categoryOf = (metric: string): string => metric.split('_')[0]

/**
 * Buckets start at from_date and are `interval` wide (at least `minIntervalSec`). Like ClearML, the last
 * bucket is dropped when less than 90% of it lies before to_date, since its value would be partial.
 */
export function planBuckets(fromSec: number, toSec: number, intervalSec: number, minIntervalSec: number): BucketPlan {
  const startMs = Math.floor(fromSec) * 1000
  const spanMs = Math.max(0, toSec * 1000 - startMs)
  let intervalMs = Math.max(intervalSec, minIntervalSec) * 1000
  if (spanMs / intervalMs > MAX_BUCKETS) intervalMs = Math.ceil(spanMs / MAX_BUCKETS / 1000) * 1000
  const cutoffMs = toSec * 1000 - 0.9 * intervalMs
  const count = cutoffMs < startMs ? 0 : Math.floor((cutoffMs - startMs) / intervalMs) + 1
  return { startMs, intervalMs, count }
}

export const planEndMs = (plan: BucketPlan): number => plan.startMs + plan.count * plan.intervalMs

const bucketDates = (plan: BucketPlan): number[] =>
  Array.from({ length: plan.count }, (_, k) => plan.startMs + k * plan.intervalMs)

export interface MetricStats {
  metric: string
  variant?: string
  dates: number[]
  stats: { aggregation: Aggregation; values: number[] }[]
}

export interface WorkerStatistics { worker: string; metrics: MetricStats[] }

const variantOrder = (a: string, b: string): number => {
  const na = Number(a)
  const nb = Number(b)
  return Number.isInteger(na) && Number.isInteger(nb) ? na - nb : a.localeCompare(b)
}

/** get_stats: per worker, the requested metrics in request order, every bucket present (empty ones as 0). */
export function assembleWorkerStats(
  buckets: readonly StatBucket[], plan: BucketPlan, items: readonly StatItem[], splitByVariant: boolean,
): WorkerStatistics[] {
  const aggsByMetric = new Map<string, Aggregation[]>()
  for (const item of items) {
    const aggs = aggsByMetric.get(item.key) ?? []
    if (!aggs.includes(item.aggregation)) aggs.push(item.aggregation)
    aggsByMetric.set(item.key, aggs)
  }
  const byWorker = new Map<string, Map<string, Map<string, StatBucket[]>>>()
  for (const b of buckets) {
    const metrics = byWorker.get(b.worker) ?? new Map<string, Map<string, StatBucket[]>>()
    const variants = metrics.get(b.metric) ?? new Map<string, StatBucket[]>()
    const key = splitByVariant ? (b.variant ?? '') : ''
    variants.set(key, [...(variants.get(key) ?? []), b])
    metrics.set(b.metric, variants)
    byWorker.set(b.worker, metrics)
  }
  const dates = bucketDates(plan)
  return [...byWorker.keys()].sort().map((worker) => {
    const metrics = byWorker.get(worker) as Map<string, Map<string, StatBucket[]>>
    const out: MetricStats[] = []
    for (const [metric, aggs] of aggsByMetric) {
      const variants = metrics.get(metric)
      if (!variants) continue
      for (const variant of [...variants.keys()].sort(variantOrder)) {
        const rows = variants.get(variant) as StatBucket[]
        const stats = aggs.map((aggregation) => ({ aggregation, values: fillBuckets(plan, rows, (r) => r[aggregation]) }))
        out.push(splitByVariant ? { metric, variant, dates, stats } : { metric, dates, stats })
      }
    }
    return { worker, metrics: out }
  })
}

function fillBuckets<R extends { bucket: number }>(plan: BucketPlan, rows: readonly R[], value: (r: R) => number): number[] {
  const values = new Array<number>(plan.count).fill(0)
  for (const r of rows) if (r.bucket >= 0 && r.bucket < plan.count) values[r.bucket] = value(r)
  return values
}

export interface ActivitySeries { dates: number[]; counts: number[] }

/** get_activity_report: distinct reporting workers per bucket (`total`), and those running a task (`active`). */
export function assembleActivity(rows: readonly ActivityBucket[], plan: BucketPlan): { total: ActivitySeries; active: ActivitySeries } {
  const dates = bucketDates(plan)
  return {
    total: { dates, counts: fillBuckets(plan, rows, (r) => r.total) },
    active: { dates: [...dates], counts: fillBuckets(plan, rows, (r) => r.active) },
  }
}
