// What services see of event storage. Events hang off a series catalog — one row per (task, event type,
// metric, variant) with running counts and extents — so listings, totals and chart intervals never scan events.
// "task" is the id of a task, or of a model for model events.
import type { EventType } from '../domain/events/event-types.js'

export interface EventSeries {
  id: number
  task: string
  type: EventType
  metric: string
  variant: string
  modelEvent: boolean
  /** Stored events of the series. */
  count: number
  /** Extent over events that carry an iteration other than the single-value one; null when there are none. */
  minIter: number | null
  maxIter: number | null
  minTimestamp: number | null
  maxTimestamp: number | null
  /** Whether the series holds a single value (iteration −2^31). */
  hasSingle: boolean
  /** Epoch ms of the last write to the series. */
  lastWritten: number
}

export interface ScalarRow { task: string; metric: string; variant: string; modelEvent: boolean; iter: number; timestamp: number; value: number | null }

/**
 * One task's (or model's) scalar points of a batch as columns, the form ingest decodes them into: point i is of
 * series[seriesIndex[i]]; a missing value is NaN. Columns cross threads without a copy per point.
 */
export interface ScalarColumns {
  task: string
  modelEvent: boolean
  series: readonly { metric: string; variant: string }[]
  seriesIndex: Int32Array
  iter: Float64Array
  ts: Float64Array
  value: Float64Array
}

export interface LogRow {
  task: string
  timestamp: number
  iter: number | null
  level: string
  worker: string
  metric: string
  variant: string
  msg: string
}

export type SampleType = 'training_debug_image' | 'plot' | 'training_stats_vector'

export interface SampleRow {
  type: SampleType
  task: string
  metric: string
  variant: string
  modelEvent: boolean
  iter: number
  /** Part of the event's identity: images of one iteration differ by key. '' when none. */
  key: string
  timestamp: number
  written: number
  worker: string
  url: string | null
  /** plot_str for plots, the JSON of the values for vectors. */
  body: string | null
  /** Image URLs a plot embeds (matplotlib figures), returned when a task's files are deleted. */
  sourceUrls: readonly string[]
  /** For plots checked on arrival (services.events.validate_plot_str): whether plot_str is JSON. */
  validPlot?: boolean
}

export interface ScalarPoint { series: number; iter: number; timestamp: number; value: number | null }
/** `written`: epoch ms of the write (ClearML's @timestamp). */
export interface StoredLog extends LogRow { id: number; written: number }
export interface StoredSample extends Omit<SampleRow, 'task' | 'metric' | 'variant' | 'modelEvent' | 'type' | 'sourceUrls' | 'validPlot'> { series: number }

export interface HistogramQuery {
  key: 'iter' | 'timestamp'
  interval: number
  /** Also return per-bucket minimum and maximum. */
  withMinMax: boolean
}

export interface HistogramBuckets { x: number[]; y: (number | null)[]; min?: (number | null)[]; max?: (number | null)[] }

/**
 * Pages over a key (iteration or timestamp): rows strictly past `after` in the direction of travel, `limit` of
 * them, plus every other row sharing the last row's key so a page never splits a key between calls.
 */
export interface KeyPage { key: 'iter' | 'timestamp'; after?: number; limit: number; descending: boolean }

export interface EventSeriesRepo {
  /** The series of these tasks, ordered by task, metric, variant; all types when `types` is omitted. */
  list(tasks: readonly string[], types?: readonly EventType[]): Promise<EventSeries[]>
}

export interface ScalarEventRepo {
  add(points: ScalarColumns, now: number): Promise<void>
  histogram(series: EventSeries, q: HistogramQuery): Promise<HistogramBuckets>
  page(series: readonly number[], page: KeyPage): Promise<ScalarPoint[]>
  singleValues(series: readonly number[]): Promise<ScalarPoint[]>
  /** The value at the highest iteration among positive values (ClearML's get_task_latest_scalar_values). */
  latestPositive(series: number): Promise<number | undefined>
}

export interface LogPageQuery {
  task: string
  /** Rows strictly before (earlier) or after this timestamp. */
  from?: number
  limit: number
  earlier: boolean
  metrics?: readonly string[]
}

export interface LogScanQuery {
  cursor?: { timestamp: number; id: number }
  limit: number
  descending: boolean
  metrics?: readonly string[]
}

export interface LogClearQuery { task: string; olderThan?: number; includeMetrics?: readonly string[]; excludeMetrics?: readonly string[] }

export interface LogEventRepo {
  add(rows: readonly LogRow[], now: number): Promise<void>
  /** A page in travel order, extended by every row sharing the last row's timestamp. */
  page(q: LogPageQuery): Promise<StoredLog[]>
  /** By (timestamp, id), strictly past a cursor; for full downloads and scrolls. */
  scan(task: string, q: LogScanQuery): Promise<StoredLog[]>
  count(task: string, metrics?: readonly string[]): Promise<number>
  clear(q: LogClearQuery): Promise<number>
}

export interface SampleEdgeQuery {
  /** Bounds on the iteration; any combination. */
  lt?: number
  gt?: number
  lte?: number
  gte?: number
  eq?: number
  descending: boolean
  requireUrl: boolean
}

export interface SampleEventRepo {
  add(rows: readonly SampleRow[], now: number): Promise<void>
  /** `validPlotsOnly` leaves out plots found not to be JSON on arrival. */
  page(series: readonly number[], page: Omit<KeyPage, 'key'> & { validPlotsOnly?: boolean }): Promise<StoredSample[]>
  /** Distinct iterations of these series within bounds, nearest first in the direction of travel. */
  iterations(series: readonly number[], q: Omit<SampleEdgeQuery, 'eq'> & { limit: number }): Promise<number[]>
  /** All events of these series at these iterations. */
  at(series: readonly number[], iterations: readonly number[], requireUrl: boolean): Promise<StoredSample[]>
  /** The first event of one series in travel order (ties on iteration: highest url first). */
  edge(series: number, q: SampleEdgeQuery): Promise<StoredSample | undefined>
  /**
   * The SDK recycles image file names: the newest image's URL was also used by an older iteration, whose
   * thumbnail now shows the newer file. Returns the most recent such older iteration (events up to it are stale).
   */
  recycledBelow(series: number): Promise<number | undefined>
  /** The smallest of the per-url newest iterations: older iterations show images since overwritten. */
  oldestValidIteration(series: number): Promise<number | undefined>
  /** Image URLs and URLs embedded in plots of these tasks. */
  fileUrls(tasks: readonly string[]): Promise<string[]>
}

export interface EventRepo {
  series: EventSeriesRepo
  scalars: ScalarEventRepo
  logs: LogEventRepo
  samples: SampleEventRepo
  /** Deletes every event of these tasks or models; returns the number of events removed. */
  deleteForTasks(tasks: readonly string[]): Promise<number>
}
