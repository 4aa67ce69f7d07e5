// Scalar charts: scalar_metrics_iter_histogram (one task), multi_task_scalar_metrics_iter_histogram (compare),
// get_task_single_value_metrics and get_task_latest_scalar_values. Buckets are computed by the store.
import type { Identity } from '../../domain/entities/user.js'
import { toMetricSelection, type MetricSelection } from '../../domain/events/event-types.js'
import { groupIntervals, isoBucketKey, seriesInterval, type HistogramKey, type SeriesExtent } from '../../domain/events/sampling.js'
import type { EventSeries } from '../../store/event-store.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { ownerForRead, ownersForRead, type EventOwner } from './access.js'
import type { HistogramRequest, MultiTaskHistogramRequest, SingleValueRequest } from './schemas.js'
import { seriesOf, xAxisLabel } from './series.js'

type VariantChart = Record<string, unknown> & { name: string; x: (number | string)[]; y: (number | null)[] }
type Charts = Record<string, Record<string, VariantChart>>
/** metric → variant → task id → chart. */
type ComparedCharts = Record<string, Record<string, Record<string, VariantChart>>>

interface HistogramOptions { samples: number; key: HistogramKey; selection?: MetricSelection; withMinMax: boolean }

function extentOf(s: EventSeries, key: HistogramKey): SeriesExtent | undefined {
  const count = s.count - (s.hasSingle ? 1 : 0)
  const [min, max] = key === 'iter' ? [s.minIter, s.maxIter] : [s.minTimestamp, s.maxTimestamp]
  return count > 0 && min !== null && max !== null ? { count, min, max } : undefined
}

async function chartsFor(tx: Repos, owner: EventOwner, o: HistogramOptions): Promise<Charts> {
  const extents = new Map<EventSeries, SeriesExtent>()
  for (const s of await seriesOf(tx, [owner.id], ['training_stats_scalar'], o.selection)) {
    const extent = extentOf(s, o.key)
    if (extent) extents.set(s, extent)
  }
  const intervals = groupIntervals([...extents.keys()], (s) => seriesInterval(extents.get(s) as SeriesExtent, o.samples))
  const charts: Charts = {}
  for (const s of extents.keys()) {
    const b = await tx.events.scalars.histogram(s, {
      key: o.key === 'iter' ? 'iter' : 'timestamp', interval: intervals.get(s) ?? 1, withMinMax: o.withMinMax,
    })
    const chart: VariantChart = { name: s.variant, x: o.key === 'iso_time' ? b.x.map(isoBucketKey) : b.x, y: b.y }
    if (o.withMinMax) Object.assign(chart, { y_min: b.min, y_max: b.max })
    const label = xAxisLabel(owner, s.metric, s.variant)
    if (label !== undefined) chart.x_axis_label = label
    ;(charts[s.metric] ??= {})[s.variant] = chart
  }
  return charts
}

const splitTasks = (tasks: string | readonly string[]): string[] =>
  typeof tasks === 'string' ? tasks.split(',').map((t) => t.trim()).filter(Boolean) : [...tasks]

export function createScalarReads({ store }: Pick<ServiceDeps, 'store'>) {
  async function histogram(identity: Identity, req: HistogramRequest): Promise<Charts> {
    return store.read(async (tx) => {
      const owner = await ownerForRead(tx, identity, req.task, req.model_events)
      return chartsFor(tx, owner, { samples: req.samples, key: req.key, selection: toMetricSelection(req.metrics), withMinMax: req.with_min_max })
    })
  }

  async function multiTaskHistogram(identity: Identity, req: MultiTaskHistogramRequest): Promise<{ metrics: ComparedCharts }> {
    return store.read(async (tx) => {
      const owners = await ownersForRead(tx, identity, splitTasks(req.tasks), req.model_events)
      const o = { samples: req.samples, key: req.key, selection: toMetricSelection(req.metrics), withMinMax: req.with_min_max }
      const metrics: ComparedCharts = {}
      for (const owner of owners) {
        for (const [metric, variants] of Object.entries(await chartsFor(tx, owner, o))) {
          for (const [variant, chart] of Object.entries(variants)) {
            ((metrics[metric] ??= {})[variant] ??= {})[owner.id] = { ...chart, name: owner.name }
          }
        }
      }
      return { metrics }
    })
  }

  async function singleValues(identity: Identity, req: SingleValueRequest) {
    return store.read(async (tx) => {
      const owners = await ownersForRead(tx, identity, req.tasks, req.model_events)
      const series = await seriesOf(tx, owners.map((o) => o.id), ['training_stats_scalar'], toMetricSelection(req.metrics))
      const byId = new Map(series.filter((s) => s.hasSingle).map((s) => [s.id, s]))
      const values = new Map<string, { metric: string; variant: string; value: number | null; timestamp: number }[]>()
      for (const p of await tx.events.scalars.singleValues([...byId.keys()])) {
        const s = byId.get(p.series) as EventSeries
        const list = values.get(s.task) ?? []
        list.push({ metric: s.metric, variant: s.variant, value: p.value, timestamp: p.timestamp })
        values.set(s.task, list)
      }
      return {
        tasks: owners.filter((o) => values.has(o.id)).map((o) => ({ task: o.id, task_name: o.name, values: values.get(o.id) })),
      }
    })
  }

  async function latestValues(identity: Identity, task: string) {
    return store.read(async (tx) => {
      const owner = await ownerForRead(tx, identity, task, false)
      const all = await seriesOf(tx, [owner.id], undefined)
      const metrics: { name: string; variants: { name: string; last_value: number; last_10_value: number }[] }[] = []
      let lastTimestamp = 0
      for (const s of all.filter((x) => x.type === 'training_stats_scalar')) {
        const value = await tx.events.scalars.latestPositive(s.id)
        if (value === undefined) continue
        lastTimestamp = Math.max(lastTimestamp, s.lastWritten)
        let metric = metrics[metrics.length - 1]
        if (metric?.name !== s.metric) metrics.push((metric = { name: s.metric, variants: [] }))
        // ClearML's last_10_value reads the first of the last ten hits, which is the last value again.
        metric.variants.push({ name: s.variant, last_value: value, last_10_value: value })
      }
      const iters = all.flatMap((s) => (s.maxIter === null ? [] : [s.maxIter]))
      return {
        metrics, last_iter: iters.length > 0 ? Math.max(...iters) : 0, name: owner.name, status: owner.status,
        last_timestamp: lastTimestamp,
      }
    })
  }

  return { histogram, multiTaskHistogram, singleValues, latestValues }
}

export type ScalarReads = ReturnType<typeof createScalarReads>
