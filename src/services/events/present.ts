// Stored events → the event dicts ClearML returns (its Elasticsearch documents): the fields the client sent,
// defaults applied, plus model_event and @timestamp (the write time).
import type { EventSeries, ScalarPoint, StoredLog, StoredSample } from '../../store/event-store.js'

export type WireEvent = Record<string, unknown>

const writeTime = (ms: number): string => new Date(ms).toISOString()

export function presentScalar(p: ScalarPoint, s: EventSeries): WireEvent {
  return {
    timestamp: p.timestamp, type: 'training_stats_scalar', task: s.task, iter: p.iter, metric: s.metric, variant: s.variant,
    value: p.value, model_event: s.modelEvent,
  }
}

export function presentLog(l: StoredLog): WireEvent {
  const e: WireEvent = { timestamp: l.timestamp, type: 'log', task: l.task }
  if (l.iter !== null) e.iter = l.iter
  e.level = l.level
  e.worker = l.worker
  e.msg = l.msg
  e.metric = l.metric
  e.variant = l.variant
  e.model_event = false
  e['@timestamp'] = writeTime(l.written)
  return e
}

function parseVector(body: string | null): unknown {
  if (body === null) return []
  try {
    return JSON.parse(body)
  } catch {
    return []
  }
}

// Built property by property: an object spread followed by more properties is many times slower in V8.
export function presentSample(x: StoredSample, s: EventSeries): WireEvent {
  const e: WireEvent = {
    timestamp: x.timestamp, type: s.type, task: s.task, iter: x.iter, metric: s.metric, variant: s.variant,
    worker: x.worker, model_event: s.modelEvent, '@timestamp': writeTime(x.written),
  }
  if (s.type === 'plot') {
    e.plot_str = x.body ?? ''
    e.plot_len = x.body?.length ?? 0
  } else if (s.type === 'training_stats_vector') {
    e.value = parseVector(x.body)
  } else {
    if (x.key !== '') e.key = x.key
    if (x.url !== null) e.url = x.url
  }
  return e
}

/** Lookup from series id to the series, for presenting rows of many series. */
export const seriesIndex = (series: readonly EventSeries[]): Map<number, EventSeries> => new Map(series.map((s) => [s.id, s]))
