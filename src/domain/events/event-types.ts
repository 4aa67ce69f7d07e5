// The event vocabulary shared by ingest, the store and every read path. Wire names are ClearML's.

export const EVENT_TYPES = ['training_stats_scalar', 'training_stats_vector', 'training_debug_image', 'plot', 'log'] as const
export type EventType = (typeof EVENT_TYPES)[number]

/** The request value meaning "every event type" (ClearML's EventType.all). */
export const ALL_EVENT_TYPES = '*'
export type EventTypeFilter = EventType | typeof ALL_EVENT_TYPES

export const isEventType = (v: string): v is EventType => (EVENT_TYPES as readonly string[]).includes(v)

/** report_single_value stores its point at this iteration; iteration charts leave it out. */
export const SINGLE_VALUE_ITERATION = -(2 ** 31)

/**
 * ClearML's services.events.ignore_iteration.metrics default: resource-monitor metrics report wall-clock seconds as
 * iterations, so they never move last_iteration.
 */
export const DEFAULT_IGNORED_ITERATION_METRICS: readonly string[] = [':monitor:machine', ':monitor:gpu']

/** ClearML's services.events.plot_compression_threshold default: plot strings this long or longer are stored compressed. */
export const DEFAULT_PLOT_COMPRESSION_THRESHOLD = 100_000

/** ClearML's services.tasks.max_last_metrics default: metric/variant pairs tracked in last_metrics and unique_metrics. */
export const DEFAULT_MAX_TRACKED_METRICS = 2000

/** Tasks in these states take no events unless the events say allow_locked. */
export const LOCKED_TASK_STATUSES: ReadonlySet<string> = new Set(['publishing', 'published'])

/** A requested metric with its variants; no variants means every variant of the metric. */
export interface MetricVariantsFilter {
  metric: string
  variants?: readonly string[] | null
}

/** The per-request selection of metric/variant pairs (undefined or empty = everything). */
export type MetricSelection = ReadonlyMap<string, readonly string[]>

export function toMetricSelection(filters: readonly MetricVariantsFilter[] | null | undefined): MetricSelection | undefined {
  if (!filters || filters.length === 0) return undefined
  const out = new Map<string, string[]>()
  for (const f of filters) out.set(f.metric, [...(f.variants ?? [])])
  return out
}

export function selects(selection: MetricSelection | undefined, metric: string, variant: string): boolean {
  if (!selection) return true
  const variants = selection.get(metric)
  if (!variants) return false
  return variants.length === 0 || variants.includes(variant)
}

/** One event after ingest validation: defaults applied, the entity id resolved (a model id for model events). */
export interface EventBase {
  task: string
  modelEvent: boolean
  timestamp: number
  worker: string
  metric: string
  variant: string
  /** Absent iterations stay null for logs; other events default to 0. */
  iter: number | null
}

export interface ScalarEvent extends EventBase { type: 'training_stats_scalar'; iter: number; value: number | null; xAxisLabel?: string }
export interface VectorEvent extends EventBase { type: 'training_stats_vector'; iter: number; values: unknown }
export interface ImageEvent extends EventBase { type: 'training_debug_image'; iter: number; key: string; url: string | null }
/** `validPlot`: whether plotStr is JSON, when the server checks (services.events.validate_plot_str); else undefined. */
export interface PlotEvent extends EventBase { type: 'plot'; iter: number; plotStr: string; validPlot: boolean | undefined }
export interface LogEvent extends EventBase { type: 'log'; level: string; msg: string }

export type IngestEvent = ScalarEvent | VectorEvent | ImageEvent | PlotEvent | LogEvent
