// events.debug_images and events.plots: per task, pages of whole iterations (newest first), each with the
// newest event of every variant. The scroll state remembers, per task, which metrics/variants were known when it
// was made and how far the pages have gone; `refresh` picks up metrics reported since and restarts at the newest.
// Debug images: the SDK recycles file names, so a variant's iterations up to the one that last used its newest
// image's URL are hidden (they would show the newer image).
import type { Identity } from '../../domain/entities/user.js'
import { readMetricStats } from '../../domain/events/last-metrics.js'
import type { EventSeries, SampleType } from '../../store/event-store.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { ownersForRead, type EventOwner } from './access.js'
import { presentSample, type WireEvent } from './present.js'
import type { MetricEventsRequest } from './schemas.js'
import { decodeScroll, encodeScroll } from './scroll.js'
import { IteratorState, type TaskState } from './scroll-states.js'
import { byMetric, seriesOf } from './series.js'

type MetricState = TaskState['metrics'][number]
type VariantState = MetricState['variants'][number]
interface TaskIterations { task: string; iterations: { iter: number; events: WireEvent[] }[] }

/** task → metric → requested variants (empty: all); an empty metric map means every metric. */
type TaskMetrics = Map<string, Map<string, string[]>>

function requestedMetrics(req: MetricEventsRequest): TaskMetrics {
  const out: TaskMetrics = new Map()
  const all = new Set<string>()
  for (const tm of req.metrics) {
    const metrics = out.get(tm.task) ?? new Map<string, string[]>()
    out.set(tm.task, metrics)
    if (tm.metric === null || tm.metric === undefined) all.add(tm.task)
    else metrics.set(tm.metric, [...(tm.variants ?? [])])
  }
  for (const task of all) out.get(task)?.clear()
  return out
}

export function createMetricIterator({ store }: Pick<ServiceDeps, 'store'>, type: SampleType & ('plot' | 'training_debug_image')) {
  const kind = type === 'plot' ? 'pli' : 'dii'
  const isImages = type === 'training_debug_image'

  async function metricStates(tx: Repos, task: string, metrics: ReadonlyMap<string, string[]>): Promise<MetricState[]> {
    const series = await seriesOf(tx, [task], [type], metrics.size > 0 ? metrics : undefined)
    const out: MetricState[] = []
    for (const [metric, list] of byMetric(series)) {
      const variants: VariantState[] = []
      for (const s of list) {
        const lastInvalid = isImages ? await tx.events.samples.recycledBelow(s.id) : undefined
        variants.push({ variant: s.variant, ...(lastInvalid !== undefined ? { lastInvalid } : {}) })
      }
      out.push({ metric, timestamp: Math.max(...list.map((s) => s.maxTimestamp ?? 0)), variants })
    }
    return out
  }

  /** Re-reads the metrics reported since the state was made (per the task's metric_stats) and restarts paging. */
  async function refreshed(
    tx: Repos, owners: ReadonlyMap<string, EventOwner>, t: TaskState, requested: ReadonlyMap<string, string[]>,
  ): Promise<TaskState> {
    const stats = readMetricStats(owners.get(t.task)?.doc ?? {})
    const known = new Map(t.metrics.map((m) => [m.metric, m]))
    const stale = new Map<string, string[]>()
    for (const [metric, byType] of stats) {
      const updated = byType.get(type)
      if (updated === undefined || (requested.size > 0 && !requested.has(metric))) continue
      const prior = known.get(metric)
      if (!prior || prior.timestamp < updated) stale.set(metric, requested.get(metric) ?? [])
    }
    if (stale.size === 0) return { task: t.task, metrics: t.metrics }
    const fresh = await metricStates(tx, t.task, stale)
    const freshNames = new Set(fresh.map((m) => m.metric))
    return { task: t.task, metrics: [...fresh, ...t.metrics.filter((m) => !freshNames.has(m.metric))] }
  }

  async function fetchTask(tx: Repos, t: TaskState, o: { iters: number; earlier: boolean }): Promise<TaskIterations> {
    if (t.metrics.length === 0) return { task: t.task, iterations: [] }
    // The first page always starts at the newest iteration.
    const earlier = t.lastMaxIter === undefined ? true : o.earlier
    const wanted = new Map(t.metrics.flatMap((m) => m.variants.map((v) => [`${m.metric}\u0000${v.variant}`, v] as const)))
    const series = (await seriesOf(tx, [t.task], [type])).filter((s) => wanted.has(`${s.metric}\u0000${s.variant}`))
    const index = new Map(series.map((s) => [s.id, s]))
    const ids = series.map((s) => s.id)
    const bound = earlier ? (t.lastMinIter !== undefined ? { lt: t.lastMinIter } : {}) : (t.lastMaxIter !== undefined ? { gt: t.lastMaxIter } : {})
    const iters = await tx.events.samples.iterations(ids, { ...bound, descending: earlier, limit: o.iters, requireUrl: isImages })
    const byIter = new Map<number, Map<number, WireEvent>>()
    for (const x of await tx.events.samples.at(ids, iters, isImages)) {
      const s = index.get(x.series) as EventSeries
      const lastInvalid = wanted.get(`${s.metric}\u0000${s.variant}`)?.lastInvalid
      if (lastInvalid !== undefined && x.iter <= lastInvalid) continue
      const events = byIter.get(x.iter) ?? new Map<number, WireEvent>()
      byIter.set(x.iter, events)
      // One event per variant and iteration: the first in the store's order (highest url, as ClearML sorts).
      if (!events.has(s.id)) events.set(s.id, presentSample(x, s))
    }
    const order = (a: number, b: number) => series.findIndex((s) => s.id === a) - series.findIndex((s) => s.id === b)
    const iterations = [...byIter].sort((a, b) => b[0] - a[0])
      .map(([iter, events]) => ({ iter, events: [...events].sort((a, b) => order(a[0], b[0])).map(([, e]) => e) }))
    if (iterations.length > 0) {
      t.lastMaxIter = iterations[0].iter
      t.lastMinIter = iterations[iterations.length - 1].iter
    }
    return { task: t.task, iterations }
  }

  async function get(identity: Identity, req: MetricEventsRequest) {
    const requested = requestedMetrics(req)
    return store.read(async (tx) => {
      const owners = new Map((await ownersForRead(tx, identity, [...requested.keys()], req.model_events)).map((o) => [o.id, o]))
      const prior = decodeScroll(kind, req.scroll_id, IteratorState)
      // A state for other tasks than the request names is not continued: it starts over for these.
      const sameTasks = prior !== undefined && prior.tasks.length === requested.size && prior.tasks.every((t) => requested.has(t.task))
      let state: IteratorState
      if (prior && sameTasks && req.refresh) {
        state = { tasks: [] }
        for (const t of prior.tasks) state.tasks.push(await refreshed(tx, owners, t, requested.get(t.task) ?? new Map()))
      } else if (prior && sameTasks) {
        state = prior
      } else {
        state = { tasks: [] }
        for (const [task, metrics] of requested) state.tasks.push({ task, metrics: await metricStates(tx, task, metrics) })
      }
      const metrics = []
      for (const t of state.tasks) metrics.push(await fetchTask(tx, t, { iters: req.iters, earlier: req.navigate_earlier }))
      return { scroll_id: encodeScroll(kind, state), metrics }
    })
  }

  return { get }
}

export type MetricIterator = ReturnType<typeof createMetricIterator>
