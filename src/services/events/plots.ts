// get_task_plots (the last N iterations of every plot of a task), get_multi_task_plots (compare view: the
// last N iterations per task and metric, nested metric → variant → task → iteration), and debug_images as
// clients below API 2.7 call it (the images of the task's last N iterations).
import type { Identity } from '../../domain/entities/user.js'
import { toMetricSelection } from '../../domain/events/event-types.js'
import type { EventSeries, StoredSample } from '../../store/event-store.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { ownerForRead, ownersForRead } from './access.js'
import { presentSample, seriesIndex, type WireEvent } from './present.js'
import type { LegacyDebugImagesRequest, MultiTaskPlotsRequest, TaskPlotsRequest } from './schemas.js'
import { decodeScroll, encodeScroll } from './scroll.js'
import { DoneScroll } from './scroll-states.js'
import { byMetric, seriesOf } from './series.js'

interface PlotGroup { metric: string; variant: string; task: string; iter: number; event: WireEvent }
type NestedPlots = Record<string, Record<string, Record<string, Record<string, { name: string; plots: WireEvent[] }>>>>

/** Plots at the last `iters` iterations of each group of series (per task, or per task and metric). */
async function lastIterationSamples(tx: Repos, groups: readonly EventSeries[][], iters: number): Promise<StoredSample[]> {
  const out: StoredSample[] = []
  for (const group of groups) {
    const ids = group.map((s) => s.id)
    const last = await tx.events.samples.iterations(ids, { descending: true, limit: iters, requireUrl: false })
    out.push(...(await tx.events.samples.at(ids, last, false)))
  }
  return out
}

const desc = (a: string | number, b: string | number) => (a < b ? 1 : a > b ? -1 : 0)

/** ClearML's _get_top_iter_unique_events_per_task: newest `iters` per (metric, variant, task), nested in descending key order. */
function nest(groups: PlotGroup[], iters: number, names: ReadonlyMap<string, string>): NestedPlots {
  groups.sort((a, b) => desc(a.metric, b.metric) || desc(a.variant, b.variant) || desc(a.task, b.task) || b.iter - a.iter)
  const out: NestedPlots = {}
  const kept = new Map<string, number>()
  for (const g of groups) {
    const key = `${g.metric}\u0000${g.variant}\u0000${g.task}`
    const n = kept.get(key) ?? 0
    if (n >= iters) continue
    kept.set(key, n + 1)
    const byIter = (((out[g.metric] ??= {})[g.variant] ??= {})[g.task] ??= {})
    ;(byIter[String(g.iter)] ??= { name: names.get(g.task) ?? '', plots: [] }).plots.push(g.event)
  }
  return out
}

export function createPlotReads({ store }: Pick<ServiceDeps, 'store'>) {
  async function taskPlots(identity: Identity, req: TaskPlotsRequest) {
    return store.read(async (tx) => {
      const owner = await ownerForRead(tx, identity, req.task, req.model_events)
      const plots: WireEvent[] = []
      for (const s of await seriesOf(tx, [owner.id], ['plot'], toMetricSelection(req.metrics))) {
        // Plots found not to be JSON on arrival are kept but not shown, as in ClearML.
        const page = await tx.events.samples.page([s.id], { limit: req.iters, descending: true, validPlotsOnly: true })
        for (const x of page) plots.push(presentSample(x, s))
      }
      return { plots, returned: plots.length, total: plots.length, scroll_id: null }
    })
  }

  async function multiTaskPlots(identity: Identity, req: MultiTaskPlotsRequest) {
    // Everything comes in the first page; its scroll id then answers with an empty page.
    const done = decodeScroll('mtp', req.scroll_id, DoneScroll)
    if (done) return { plots: {}, returned: 0, total: done.total, scroll_id: req.scroll_id }
    return store.read(async (tx) => {
      const owners = await ownersForRead(tx, identity, req.tasks, req.model_events)
      const series = await seriesOf(tx, owners.map((o) => o.id), ['plot'], toMetricSelection(req.metrics))
      const groups = owners.flatMap((o) => {
        const own = series.filter((s) => s.task === o.id)
        return req.last_iters_per_task_metric ? [...byMetric(own).values()] : [own]
      }).filter((g) => g.length > 0)
      const index = seriesIndex(series)
      const samples = await lastIterationSamples(tx, groups, req.iters)
      const plots = nest(samples.map((x) => {
        const s = index.get(x.series) as EventSeries
        return { metric: s.metric, variant: s.variant, task: s.task, iter: x.iter, event: presentSample(x, s) }
      }), req.iters, new Map(owners.map((o) => [o.id, o.name])))
      const total = samples.length
      return { plots, returned: Object.keys(plots).length, total, scroll_id: req.no_scroll ? null : encodeScroll('mtp', { total }) }
    })
  }

  async function legacyDebugImages(identity: Identity, req: LegacyDebugImagesRequest) {
    return store.read(async (tx) => {
      const owner = await ownerForRead(tx, identity, req.task, req.model_events)
      const series = await seriesOf(tx, [owner.id], ['training_debug_image'])
      const index = seriesIndex(series)
      const images = (await lastIterationSamples(tx, [series], req.iters))
        .sort((a, b) => b.iter - a.iter)
        .map((x) => presentSample(x, index.get(x.series) as EventSeries))
      return { task: owner.id, images, returned: images.length, total: images.length, scroll_id: null }
    })
  }

  return { taskPlots, multiTaskPlots, legacyDebugImages }
}

export type PlotReads = ReturnType<typeof createPlotReads>
