// The full-screen viewers: get_debug_image_sample / next_debug_image_sample step through one image at a time
// (variant by variant, then iteration by iteration); get_plot_sample / next_plot_sample step through the plots
// of one metric and iteration at a time. The scroll state holds each variant's (or metric's) valid iteration
// range and the current position.
import type { Identity } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'
import type { EventSeries } from '../../store/event-store.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { ownerForRead } from './access.js'
import { presentSample, type WireEvent } from './present.js'
import type { NextSampleRequest, VariantSampleRequest } from './schemas.js'
import { decodeScroll, encodeScroll } from './scroll.js'
import { ImageState } from './scroll-states.js'
import { seriesOf } from './series.js'

type VariantRange = ImageState['variants'][number]

export interface ImageSampleResult {
  scroll_id: string | null | undefined
  event: WireEvent | null
  min_iteration: number | null
  max_iteration: number | null
}

const KIND = 'dis'
const sameVariant = (m: string, v: string) => (x: { metric: string; name: string }) => x.metric === m && x.name === v
const cmpPair = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)

async function variantRanges(tx: Repos, task: string, metric: string | undefined): Promise<VariantRange[]> {
  const series = await seriesOf(tx, [task], ['training_debug_image'], metric === undefined ? undefined : new Map([[metric, []]]))
  const out: VariantRange[] = []
  for (const s of series) {
    const min = await tx.events.samples.oldestValidIteration(s.id)
    if (min !== undefined) out.push({ metric: s.metric, name: s.variant, min, max: s.maxIter ?? min })
  }
  return out
}

function result(state: ImageState | undefined, scrollId: string | null | undefined, event?: WireEvent): ImageSampleResult {
  const range = state && state.variant !== undefined ? state.variants.find(sameVariant(state.metric, state.variant)) : undefined
  return { scroll_id: scrollId, event: event ?? null, min_iteration: range?.min ?? null, max_iteration: range?.max ?? null }
}

export function createImageSampleHistory({ store }: Pick<ServiceDeps, 'store'>) {
  async function seriesByVariant(tx: Repos, task: string): Promise<Map<string, EventSeries>> {
    return new Map((await seriesOf(tx, [task], ['training_debug_image'])).map((s) => [`${s.metric}\u0000${s.variant}`, s]))
  }

  async function sample(identity: Identity, req: VariantSampleRequest): Promise<ImageSampleResult> {
    return store.read(async (tx) => {
      await ownerForRead(tx, identity, req.task, req.model_events)
      let state = decodeScroll(KIND, req.scroll_id, ImageState)
      if (state) {
        if (state.task !== req.task || state.navigateCurrentMetric !== req.navigate_current_metric
          || (state.navigateCurrentMetric && state.metric !== req.metric)) {
          throw errors.invalidScrollId('Task and metric stored in the state do not match the passed ones', { scroll_id: req.scroll_id })
        }
        if (req.refresh) state.variants = await variantRanges(tx, state.task, state.navigateCurrentMetric ? state.metric : undefined)
      } else {
        state = { task: req.task, metric: req.metric, navigateCurrentMetric: req.navigate_current_metric, variants: [] }
        state.variants = await variantRanges(tx, req.task, req.navigate_current_metric ? req.metric : undefined)
      }
      const range = state.variants.find(sameVariant(req.metric, req.variant))
      const series = (await seriesByVariant(tx, req.task)).get(`${req.metric}\u0000${req.variant}`)
      if (!range || !series) return result(undefined, encodeScroll(KIND, state))
      const found = await tx.events.samples.edge(series.id, {
        ...(req.iteration !== null && req.iteration !== undefined ? { lte: req.iteration } : {}), gte: range.min, descending: true, requireUrl: true,
      })
      if (!found) return { scroll_id: encodeScroll(KIND, state), event: null, min_iteration: range.min, max_iteration: range.max }
      Object.assign(state, { metric: req.metric, variant: req.variant, iteration: found.iter })
      return result(state, encodeScroll(KIND, state), presentSample(found, series))
    })
  }

  async function next(identity: Identity, req: NextSampleRequest): Promise<ImageSampleResult> {
    const state = decodeScroll(KIND, req.scroll_id, ImageState)
    if (!state || state.task !== req.task) throw errors.invalidScrollId(undefined, { scroll_id: req.scroll_id })
    return store.read(async (tx) => {
      await ownerForRead(tx, identity, req.task, req.model_events)
      if (state.variant === undefined || state.iteration === undefined) return result(undefined, req.scroll_id)
      const series = await seriesByVariant(tx, req.task)
      const found = (req.next_iteration ? undefined : await sameIteration(tx, state, series, req.navigate_earlier))
        ?? await otherIteration(tx, state, series, req.navigate_earlier)
      if (!found) return result(undefined, req.scroll_id)
      Object.assign(state, { metric: found.series.metric, variant: found.series.variant, iteration: found.event.iter })
      return result(state, encodeScroll(KIND, state), found.event)
    })
  }

  type Found = { series: EventSeries; event: WireEvent & { iter: number } }

  /** The previous/next variant (by metric, then name) at the current iteration, among variants valid there. */
  async function sameIteration(tx: Repos, st: ImageState, series: Map<string, EventSeries>, earlier: boolean): Promise<Found | undefined> {
    const here: [string, string] = [st.metric, st.variant as string]
    const candidates = st.variants
      .filter((v) => !st.navigateCurrentMetric || v.metric === st.metric)
      .filter((v) => (earlier ? cmpPair([v.metric, v.name], here) < 0 : cmpPair([v.metric, v.name], here) > 0) && v.min <= (st.iteration as number))
      .sort((a, b) => (earlier ? -1 : 1) * cmpPair([a.metric, a.name], [b.metric, b.name]))
    for (const v of candidates) {
      const s = series.get(`${v.metric}\u0000${v.name}`)
      const x = s && await tx.events.samples.edge(s.id, { eq: st.iteration, descending: true, requireUrl: true })
      if (s && x) return { series: s, event: presentSample(x, s) as Found['event'] }
    }
    return undefined
  }

  /** The last variant of the previous iteration (or the first of the next one), within each variant's valid range. */
  async function otherIteration(tx: Repos, st: ImageState, series: Map<string, EventSeries>, earlier: boolean): Promise<Found | undefined> {
    const at = st.iteration as number
    const candidates = st.variants
      .filter((v) => !st.navigateCurrentMetric || v.metric === st.metric)
      .filter((v) => !earlier || v.min < at)
    let best: { v: VariantRange; s: EventSeries; iter: number; x: Parameters<typeof presentSample>[0] } | undefined
    for (const v of candidates) {
      const s = series.get(`${v.metric}\u0000${v.name}`)
      if (!s) continue
      const x = await tx.events.samples.edge(s.id, { ...(earlier ? { lt: at } : { gt: at }), gte: v.min, descending: earlier, requireUrl: true })
      if (!x) continue
      const better = !best || (earlier
        ? x.iter > best.iter || (x.iter === best.iter && cmpPair([v.metric, v.name], [best.v.metric, best.v.name]) > 0)
        : x.iter < best.iter || (x.iter === best.iter && cmpPair([v.metric, v.name], [best.v.metric, best.v.name]) < 0))
      if (better) best = { v, s, iter: x.iter, x }
    }
    return best ? { series: best.s, event: presentSample(best.x, best.s) as Found['event'] } : undefined
  }

  return { sample, next }
}

export type ImageSampleHistory = ReturnType<typeof createImageSampleHistory>
