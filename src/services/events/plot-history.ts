// get_plot_sample / next_plot_sample: the plots viewer steps through (iteration, metric) pairs, returning every
// variant's plot of that metric at that iteration. Navigation stays within one metric unless
// navigate_current_metric is off; next_iteration skips the other metrics of the current iteration.
import type { Identity } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'
import type { EventSeries } from '../../store/event-store.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { ownerForRead } from './access.js'
import { presentSample, type WireEvent } from './present.js'
import type { MetricSamplesRequest, NextSampleRequest } from './schemas.js'
import { decodeScroll, encodeScroll } from './scroll.js'
import { PlotState } from './scroll-states.js'
import { byMetric, seriesOf } from './series.js'

type MetricRange = PlotState['metrics'][number]

export interface PlotSampleResult { scroll_id: string | null | undefined; events: WireEvent[]; min_iteration: number | null; max_iteration: number | null }

const KIND = 'pls'

async function metricRanges(tx: Repos, task: string, metric: string | undefined): Promise<MetricRange[]> {
  const series = await seriesOf(tx, [task], ['plot'], metric === undefined ? undefined : new Map([[metric, []]]))
  const out: MetricRange[] = []
  for (const [name, list] of byMetric(series)) {
    const mins = list.flatMap((s) => (s.minIter === null ? [] : [s.minIter]))
    const maxs = list.flatMap((s) => (s.maxIter === null ? [] : [s.maxIter]))
    if (mins.length > 0) out.push({ name, min: Math.min(...mins), max: Math.max(...maxs) })
  }
  return out
}

function result(state: PlotState | undefined, scrollId: string | null | undefined, events: WireEvent[] = []): PlotSampleResult {
  const range = state?.metrics.find((m) => m.name === state.metric)
  return { scroll_id: scrollId, events, min_iteration: range?.min ?? null, max_iteration: range?.max ?? null }
}

interface Bounds { lt?: number; gt?: number; lte?: number; gte?: number }

/** The nearest iteration (in the direction of travel) at which the metric has plots, with those plots by variant. */
type IterationPlots = { iter: number; events: WireEvent[] }

async function plotsOfMetric(tx: Repos, series: readonly EventSeries[], b: Bounds, earlier: boolean): Promise<IterationPlots | undefined> {
  if (series.length === 0) return undefined
  const ids = series.map((s) => s.id)
  const [iter] = await tx.events.samples.iterations(ids, { ...b, descending: earlier, limit: 1, requireUrl: false })
  if (iter === undefined) return undefined
  const index = new Map(series.map((s) => [s.id, s]))
  const rows = await tx.events.samples.at(ids, [iter], false)
  rows.sort((a, b2) => ((index.get(a.series) as EventSeries).variant < (index.get(b2.series) as EventSeries).variant ? -1 : 1))
  return { iter, events: rows.map((x) => presentSample(x, index.get(x.series) as EventSeries)) }
}

export function createPlotSampleHistory({ store }: Pick<ServiceDeps, 'store'>) {
  async function sample(identity: Identity, req: MetricSamplesRequest): Promise<PlotSampleResult> {
    return store.read(async (tx) => {
      await ownerForRead(tx, identity, req.task, req.model_events)
      let state = decodeScroll(KIND, req.scroll_id, PlotState)
      if (state) {
        if (state.task !== req.task || state.navigateCurrentMetric !== req.navigate_current_metric
          || (state.navigateCurrentMetric && state.metric !== req.metric)) {
          throw errors.invalidScrollId('Task and metric stored in the state do not match the passed ones', { scroll_id: req.scroll_id })
        }
        if (req.refresh) state.metrics = await metricRanges(tx, state.task, state.navigateCurrentMetric ? state.metric : undefined)
      } else {
        state = { task: req.task, metric: req.metric, navigateCurrentMetric: req.navigate_current_metric, metrics: [] }
        state.metrics = await metricRanges(tx, req.task, req.navigate_current_metric ? req.metric : undefined)
      }
      if (!state.metrics.some((m) => m.name === req.metric)) return result(undefined, encodeScroll(KIND, state))
      const series = await seriesOf(tx, [req.task], ['plot'], new Map([[req.metric, []]]))
      const iteration = req.iteration ?? undefined
      const found = await plotsOfMetric(tx, series, iteration === undefined ? {} : { lte: iteration }, true)
      if (!found) return result({ ...state, metric: req.metric }, encodeScroll(KIND, state))
      Object.assign(state, { metric: req.metric, iteration: found.iter })
      return result(state, encodeScroll(KIND, state), found.events)
    })
  }

  type Found = { metric: string; iter: number; events: WireEvent[] }
  type Metrics = Map<string, EventSeries[]>

  /** The nearest iteration past the bounds among these metrics; ties go to the first metric in travel order. */
  async function nearest(tx: Repos, metrics: Metrics, names: readonly string[], bounds: Bounds, earlier: boolean): Promise<Found | undefined> {
    let found: Found | undefined
    for (const name of earlier ? [...names].reverse() : names) {
      const hit = await plotsOfMetric(tx, metrics.get(name) ?? [], bounds, earlier)
      if (hit && (!found || (earlier ? hit.iter > found.iter : hit.iter < found.iter))) found = { metric: name, iter: hit.iter, events: hit.events }
    }
    return found
  }

  /** Another metric (previous or next by name) at the current iteration. */
  async function sameIteration(tx: Repos, metrics: Metrics, st: PlotState, earlier: boolean): Promise<Found | undefined> {
    const at = st.iteration as number
    const names = [...metrics.keys()].filter((m) => (earlier ? m < st.metric : m > st.metric))
    for (const name of earlier ? names.reverse() : names) {
      const hit = await plotsOfMetric(tx, metrics.get(name) ?? [], { gte: at, lte: at }, earlier)
      if (hit) return { metric: name, iter: hit.iter, events: hit.events }
    }
    return undefined
  }

  async function next(identity: Identity, req: NextSampleRequest): Promise<PlotSampleResult> {
    const state = decodeScroll(KIND, req.scroll_id, PlotState)
    if (!state || state.task !== req.task) throw errors.invalidScrollId(undefined, { scroll_id: req.scroll_id })
    return store.read(async (tx) => {
      await ownerForRead(tx, identity, req.task, req.model_events)
      if (state.iteration === undefined) return result(undefined, req.scroll_id)
      const earlier = req.navigate_earlier
      const metrics = byMetric(await seriesOf(tx, [req.task], ['plot']))
      const beyond: Bounds = earlier ? { lt: state.iteration } : { gt: state.iteration }
      let found: Found | undefined
      if (state.navigateCurrentMetric) found = await nearest(tx, metrics, [state.metric], beyond, earlier)
      else {
        if (!req.next_iteration) found = await sameIteration(tx, metrics, state, earlier)
        found ??= await nearest(tx, metrics, [...metrics.keys()], beyond, earlier)
      }
      if (!found) return result(undefined, req.scroll_id)
      Object.assign(state, { metric: found.metric, iteration: found.iter })
      return result(state, encodeScroll(KIND, state), found.events)
    })
  }

  return { sample, next }
}

export type PlotSampleHistory = ReturnType<typeof createPlotSampleHistory>
