// Raw event scrolls: get_task_events (any type; the SDK's get_all_reported_scalars and file-URL collection),
// scalar_metrics_iter_raw (the UI's full-resolution chart) and get_scalar_metric_data. A page holds `batch_size`
// events by iteration plus any others at the last iteration, so pages never split an iteration; logs, which may
// have no iteration, follow in timestamp order.
import type { Identity } from '../../domain/entities/user.js'
import { ALL_EVENT_TYPES, EVENT_TYPES, toMetricSelection, type EventType } from '../../domain/events/event-types.js'
import { errors } from '../../errors.js'
import type { EventSeries } from '../../store/event-store.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { ownerForRead } from './access.js'
import { presentLog, presentSample, presentScalar, seriesIndex, type WireEvent } from './present.js'
import type { GetTaskEventsRequest, ScalarMetricDataRequest, ScalarRawRequest } from './schemas.js'
import { decodeScroll, encodeScroll } from './scroll.js'
import { DataScroll, EventsScroll, RawScroll } from './scroll-states.js'
import { seriesOf } from './series.js'

/** ClearML's services.events.events_retrieval.max_raw_scalars_size, and the cap on get_task_events pages. */
const MAX_RAW_SCALARS = 200_000
const MAX_EVENTS_PAGE = 10_000

type Cursor = NonNullable<EventsScroll['cursor']>

interface PageOptions { series: EventSeries[]; withLogs: boolean; logMetrics?: string[]; cursor: Cursor; limit: number; descending: boolean }

async function iterPhase(tx: Repos, o: PageOptions): Promise<{ events: WireEvent[]; last?: number }> {
  const index = seriesIndex(o.series)
  const scalarIds = o.series.filter((s) => s.type === 'training_stats_scalar').map((s) => s.id)
  const sampleIds = o.series.filter((s) => s.type !== 'training_stats_scalar' && s.type !== 'log').map((s) => s.id)
  const page = { after: o.cursor.after, limit: o.limit, descending: o.descending }
  const of = (id: number) => index.get(id) as EventSeries
  const rows = [
    ...(await tx.events.scalars.page(scalarIds, { key: 'iter', ...page })).map((p) => ({ iter: p.iter, series: p.series, event: presentScalar(p, of(p.series)) })),
    ...(await tx.events.samples.page(sampleIds, page)).map((x) => ({ iter: x.iter, series: x.series, event: presentSample(x, of(x.series)) })),
  ]
  const dir = o.descending ? -1 : 1
  rows.sort((a, b) => dir * (a.iter - b.iter) || a.series - b.series)
  // Each part is complete up to its own boundary, so the union is complete up to the limit-th key.
  const boundary = rows.length > o.limit ? rows[o.limit - 1].iter : undefined
  const kept = boundary === undefined ? rows : rows.filter((r) => (o.descending ? r.iter >= boundary : r.iter <= boundary))
  return { events: kept.map((r) => r.event), last: kept.length > 0 ? kept[kept.length - 1].iter : undefined }
}

/** One page and the cursor after it (null once nothing is left). */
async function pageOfEvents(tx: Repos, task: string, o: PageOptions): Promise<{ events: WireEvent[]; next: Cursor | null }> {
  let events: WireEvent[] = []
  let next: Cursor | null = null
  if (o.cursor.phase === 'iter') {
    const res = await iterPhase(tx, o)
    events = res.events
    if (res.last !== undefined) next = { phase: 'iter', after: res.last }
    if (events.length >= o.limit || !o.withLogs) return { events, next: events.length > 0 ? next : null }
  }
  const c = o.cursor
  const logCursor = c.phase === 'log' && c.ts !== undefined && c.id !== undefined ? { timestamp: c.ts, id: c.id } : undefined
  const logs = await tx.events.logs.scan(task, { cursor: logCursor, limit: o.limit - events.length, descending: o.descending, metrics: o.logMetrics })
  if (logs.length > 0) {
    const last = logs[logs.length - 1]
    next = { phase: 'log', ts: last.timestamp, id: last.id }
  } else if (o.cursor.phase === 'log') next = null
  events = [...events, ...logs.map(presentLog)]
  return { events, next: events.length > 0 ? next ?? { ...o.cursor } : null }
}

async function countEvents(tx: Repos, task: string, series: readonly EventSeries[], withLogs: boolean, logMetrics?: string[]): Promise<number> {
  const stored = series.filter((s) => s.type !== 'log').reduce((n, s) => n + s.count, 0)
  return stored + (withLogs ? await tx.events.logs.count(task, logMetrics) : 0)
}

export function createRawEventReads({ store }: Pick<ServiceDeps, 'store'>) {
  async function taskEvents(identity: Identity, req: GetTaskEventsRequest) {
    const scroll = req.scroll_id ? decodeScroll('ev', req.scroll_id, EventsScroll) : undefined
    if (req.scroll_id && (!scroll || scroll.task !== req.task)) throw errors.invalidScrollId(undefined, { scroll_id: req.scroll_id })
    return store.read(async (tx) => {
      const owner = await ownerForRead(tx, identity, req.task, req.model_events)
      const state: EventsScroll = scroll
        ? { ...scroll, batchSize: req.batch_size || scroll.batchSize }
        : {
          task: owner.id, type: req.event_type, order: req.order, metrics: req.metrics, batchSize: req.batch_size, total: null,
          cursor: { phase: 'iter' },
        }
      const types: EventType[] = state.type === ALL_EVENT_TYPES ? [...EVENT_TYPES] : [state.type as EventType]
      const series = (await seriesOf(tx, [owner.id], types, toMetricSelection(state.metrics))).filter((s) => s.type !== 'log')
      const withLogs = types.includes('log')
      const logMetrics = state.metrics?.map((m) => m.metric)
      if (state.total === null && req.count_total) state.total = await countEvents(tx, owner.id, series, withLogs, logMetrics)
      if (!state.cursor) return { returned: 0, total: state.total, scroll_id: req.scroll_id, events: [] }
      const limit = Math.min(state.batchSize, MAX_EVENTS_PAGE)
      const page = await pageOfEvents(tx, owner.id, { series, withLogs, logMetrics, cursor: state.cursor, limit, descending: state.order === 'desc' })
      const scrollId = encodeScroll('ev', { ...state, cursor: page.next } satisfies EventsScroll)
      return { returned: page.events.length, total: state.total, scroll_id: scrollId, events: page.events }
    })
  }

  async function scalarRaw(identity: Identity, req: ScalarRawRequest) {
    if (req.batch_size !== null && req.batch_size !== undefined && req.batch_size < 0) {
      throw errors.validation('batch_size should be non negative number')
    }
    const scroll = req.scroll_id ? decodeScroll('raw', req.scroll_id, RawScroll) : undefined
    if (req.scroll_id && !scroll) throw errors.invalidScrollId(undefined, { scroll_id: req.scroll_id })
    if (scroll && scroll.after === null) return { returned: 0, total: scroll.total, scroll_id: req.scroll_id, variants: {} }
    return store.read(async (tx) => {
      const owner = await ownerForRead(tx, identity, req.task, req.model_events)
      const series = await seriesOf(tx, [owner.id], ['training_stats_scalar'], toMetricSelection([req.metric]))
      const total = scroll?.total ?? (req.count_total ? series.reduce((n, s) => n + s.count, 0) : null)
      const batchSize = Math.min(req.batch_size || scroll?.batchSize || 10_000, MAX_RAW_SCALARS)
      const byKey = req.key === 'iter' ? 'iter' : 'timestamp'
      const points = await tx.events.scalars.page(series.map((s) => s.id), {
        key: byKey, after: scroll?.after ?? undefined, limit: batchSize, descending: false,
      })
      const index = seriesIndex(series)
      const variants: Record<string, Record<string, (number | null)[]>> = {}
      for (const p of points) {
        const v = (variants[(index.get(p.series) as EventSeries).variant] ??= { y: [], [req.key]: [] })
        v.y.push(p.value)
        v[req.key].push(byKey === 'iter' ? p.iter : p.timestamp)
      }
      const last = points[points.length - 1]
      const next: RawScroll = { after: last ? (byKey === 'iter' ? last.iter : last.timestamp) : null, total, batchSize }
      return { returned: points.length, total, scroll_id: encodeScroll('raw', next), variants }
    })
  }

  async function scalarMetricData(identity: Identity, req: ScalarMetricDataRequest) {
    const scroll = req.scroll_id ? decodeScroll('smd', req.scroll_id, DataScroll) : undefined
    if (req.scroll_id && !scroll) throw errors.invalidScrollId(undefined, { scroll_id: req.scroll_id })
    return store.read(async (tx) => {
      const owner = await ownerForRead(tx, identity, req.task, req.model_events)
      const series = await seriesOf(tx, [owner.id], ['training_stats_scalar'], new Map([[req.metric, []]]))
      const total = scroll?.total ?? series.reduce((n, s) => n + s.count, 0)
      if (scroll && scroll.after === null) return { events: [], returned: 0, total, scroll_id: req.scroll_id }
      const page = await pageOfEvents(tx, owner.id, {
        series, withLogs: false, cursor: { phase: 'iter', after: scroll?.after ?? undefined }, limit: 500, descending: true,
      })
      const next: DataScroll = { after: page.next?.after ?? null, total }
      return { events: page.events, returned: page.events.length, total, scroll_id: req.no_scroll ? null : encodeScroll('smd', next) }
    })
  }

  return { taskEvents, scalarRaw, scalarMetricData }
}

export type RawEventReads = ReturnType<typeof createRawEventReads>
