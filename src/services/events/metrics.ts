// Metric listings, all answered from the series catalog: get_task_metrics, get_multi_task_metrics,
// get_scalar_metrics_and_variants, get_vector_metrics_and_variants, and vector_metrics_iter_histogram.
import type { Identity } from '../../domain/entities/user.js'
import { ALL_EVENT_TYPES, type EventType, type EventTypeFilter } from '../../domain/events/event-types.js'
import type { ServiceDeps } from '../deps.js'
import { ownerForRead, ownersForRead } from './access.js'
import { byMetric, seriesOf, sortedUnique } from './series.js'

const typesOf = (t: EventTypeFilter): EventType[] | undefined => (t === ALL_EVENT_TYPES ? undefined : [t])

export function createMetricReads({ store }: Pick<ServiceDeps, 'store'>) {
  /** Per task, the metrics with events at a regular iteration (single values and iteration-less logs do not count). */
  async function taskMetrics(identity: Identity, req: { tasks: string[]; event_type: EventTypeFilter; model_events: boolean }) {
    return store.read(async (tx) => {
      await ownersForRead(tx, identity, req.tasks, req.model_events)
      const series = await seriesOf(tx, req.tasks, typesOf(req.event_type))
      return {
        metrics: req.tasks.map((task) => ({
          task, metrics: sortedUnique(series.filter((s) => s.task === task && s.minIter !== null).map((s) => s.metric)),
        })),
      }
    })
  }

  async function multiTaskMetrics(identity: Identity, req: { tasks: string[]; event_type: EventTypeFilter; model_events: boolean }) {
    return store.read(async (tx) => {
      const owners = await ownersForRead(tx, identity, req.tasks, req.model_events)
      const series = await seriesOf(tx, owners.map((o) => o.id), typesOf(req.event_type))
      const metrics = [...byMetric(series)].map(([metric, list]) => ({ metric, variants: sortedUnique(list.map((s) => s.variant)) }))
      return { metrics: metrics.sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0)) }
    })
  }

  async function metricsAndVariants(identity: Identity, req: { task: string; model_events: boolean }, type: EventType) {
    return store.read(async (tx) => {
      await ownerForRead(tx, identity, req.task, req.model_events)
      const metrics: Record<string, string[]> = {}
      for (const [metric, list] of byMetric(await seriesOf(tx, [req.task], [type]))) metrics[metric] = list.map((s) => s.variant)
      return { metrics }
    })
  }

  async function vectorHistogram(identity: Identity, req: { task: string; metric: string; variant: string; model_events: boolean }) {
    return store.read(async (tx) => {
      await ownerForRead(tx, identity, req.task, req.model_events)
      const series = await seriesOf(tx, [req.task], ['training_stats_vector'], new Map([[req.metric, [req.variant]]]))
      const rows = await tx.events.samples.page(series.map((s) => s.id), { limit: 10_000, descending: false })
      const vectors = rows.map((r) => {
        try {
          return r.body === null ? [] : (JSON.parse(r.body) as unknown)
        } catch {
          return []
        }
      })
      return { metric: req.metric, variant: req.variant, vectors, iterations: rows.map((r) => r.iter) }
    })
  }

  return { taskMetrics, multiTaskMetrics, metricsAndVariants, vectorHistogram }
}

export type MetricReads = ReturnType<typeof createMetricReads>
