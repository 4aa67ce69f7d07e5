// Request schemas of the events service, with ClearML's defaults (apiserver/apimodels/events.py). Clients omit
// None fields but may also send explicit nulls, so defaults apply to both.
import { z } from 'zod'
import { ALL_EVENT_TYPES, EVENT_TYPES } from '../../domain/events/event-types.js'
import { MAX_EPOCH_MS, MAX_EVENTS_BATCH, MAX_RAW_SCALARS_BATCH } from '../../domain/limits.js'
import * as b from '../common/bounds.js'
import { MAX_SCROLL_ID_CHARS } from './scroll.js'

const bool = (fallback: boolean) => z.boolean().nullish().transform((v) => v ?? fallback)
const int = b.safeInt()
const intOr = (fallback: number, schema: z.ZodNumber = int) => schema.nullish().transform((v) => v ?? fallback)
/** Events per page: ClearML's Elasticsearch never returned more than 10,000 hits, nor fewer than one a page. */
const BatchSize = b.int(1, MAX_EVENTS_BATCH)
const Names = b.names()
/** Scroll ids carry compressed state (scroll.ts); ours stay far below this. */
const ScrollId = z.string().max(MAX_SCROLL_ID_CHARS, 'not a scroll id of this server').nullish()
const ModelEvents = bool(false)
const TaskId = b.id()

export const MetricVariants = z.object({ metric: Names.element, variants: Names.nullish() })
const Metrics = b.list(MetricVariants).nullish()
const EventTypeOrAll = z.enum([...EVENT_TYPES, ALL_EVENT_TYPES])
const HistogramKey = z.enum(['iter', 'timestamp', 'iso_time'])
const Order = z.enum(['asc', 'desc'])
/** ClearML allows at most services.tasks.multi_task_histogram_limit (100) tasks in a comparison. */
const MAX_COMPARED_TASKS = 100
/** Iterations per metric in plot and debug-image pages; each is a page of events. */
const Iters = b.int(1, MAX_EVENTS_BATCH)

// events.add takes the event itself as the body; every field is kept for the ingest parser.
export const AddRequest = z.record(z.unknown())
/** add_batch: json-lines items arrive beside the body; a JSON body may carry them as a list under `requests`. */
export const AddBatchRequest = z.object({ requests: z.array(z.unknown()).nullish() })

export const TaskRequest = z.object({ task: TaskId })
export const DeleteForTaskRequest = TaskRequest.extend({ allow_locked: bool(false) })
export const DeleteForModelRequest = z.object({ model: TaskId, allow_locked: bool(false) })
export const ClearTaskLogRequest = TaskRequest.extend({
  allow_locked: bool(false),
  threshold_sec: b.durationSec().nullish(),
  include_metrics: Names.nullish(),
  exclude_metrics: Names.nullish(),
})
export const ClearScrollRequest = z.object({ scroll_id: ScrollId })

export const GetTaskLogRequest = TaskRequest.extend({
  batch_size: intOr(5000, BatchSize),
  navigate_earlier: bool(true),
  from_timestamp: z.number().max(MAX_EPOCH_MS, `at most ${MAX_EPOCH_MS}`).nullish(),
  order: Order.nullish(),
  metrics: Metrics,
})
/** get_task_log before API 2.9: a scroll from the head (oldest first) or the tail, `order` flipping each page. */
export const LegacyTaskLogRequest = TaskRequest.extend({
  batch_size: intOr(500, BatchSize),
  order: Order.nullish().transform((v) => v ?? 'desc'),
  from: z.enum(['head', 'tail']).nullish().transform((v) => v ?? 'head'),
  scroll_id: ScrollId,
})
export const DownloadTaskLogRequest = TaskRequest.extend({ line_type: z.string().max(100).nullish(), line_format: b.text().nullish() })

export const GetTaskEventsRequest = TaskRequest.extend({
  batch_size: intOr(500, BatchSize),
  event_type: EventTypeOrAll.nullish().transform((v) => v ?? ALL_EVENT_TYPES),
  order: Order.nullish().transform((v) => v ?? 'asc'),
  scroll_id: ScrollId,
  metrics: Metrics,
  count_total: bool(true),
  model_events: ModelEvents,
})

export const MetricsAndVariantsRequest = TaskRequest.extend({ model_events: ModelEvents })
export const VectorHistogramRequest = TaskRequest.extend({ metric: Names.element, variant: Names.element, model_events: ModelEvents })
export const ScalarMetricDataRequest = TaskRequest.extend({
  metric: Names.element, scroll_id: ScrollId, no_scroll: bool(false), model_events: ModelEvents,
})

const histogramFields = {
  samples: intOr(2000, int.min(1).max(6000)),
  key: HistogramKey.nullish().transform((v) => v ?? 'iter'),
  metrics: Metrics,
  model_events: ModelEvents,
  // Clarion extension: per-bucket minimum and maximum beside the average, so spikes survive downsampling.
  with_min_max: bool(false),
}
export const HistogramRequest = TaskRequest.extend(histogramFields)
export const MultiTaskHistogramRequest = z.object({
  // Old clients send the ids as one comma-separated string.
  tasks: z.union([b.ids().min(1).max(MAX_COMPARED_TASKS), z.string().min(1).max(MAX_COMPARED_TASKS * 100)]),
  ...histogramFields,
})

const tasksField = b.ids().min(1)
export const SingleValueRequest = z.object({ tasks: tasksField, model_events: ModelEvents, metrics: Metrics })
export const TaskMetricsRequest = z.object({ tasks: tasksField, event_type: EventTypeOrAll, model_events: ModelEvents })
export const MultiTaskMetricsRequest = z.object({
  tasks: tasksField, model_events: ModelEvents, event_type: EventTypeOrAll.nullish().transform((v) => v ?? ALL_EVENT_TYPES),
})

export const ScalarRawRequest = TaskRequest.extend({
  metric: MetricVariants,
  key: HistogramKey.nullish().transform((v) => v ?? 'iter'),
  // 0 or none: the scroll's own size; the web app's full-screen chart asks for ClearML's maximum.
  batch_size: b.int(0, MAX_RAW_SCALARS_BATCH).nullish(),
  count_total: bool(false),
  scroll_id: ScrollId,
  model_events: ModelEvents,
})

export const TaskPlotsRequest = TaskRequest.extend({
  iters: intOr(1, Iters), scroll_id: ScrollId, no_scroll: bool(false), metrics: Metrics, model_events: ModelEvents,
})
export const MultiTaskPlotsRequest = z.object({
  tasks: tasksField, iters: intOr(1, Iters), scroll_id: ScrollId, no_scroll: bool(false),
  last_iters_per_task_metric: bool(true), metrics: Metrics, model_events: ModelEvents,
})

export const LegacyDebugImagesRequest = TaskRequest.extend({ iters: intOr(1, Iters), scroll_id: ScrollId, model_events: ModelEvents })

export const TaskMetric = z.object({ task: TaskId, metric: Names.element.nullish(), variants: Names.nullish() })
export const MetricEventsRequest = z.object({
  metrics: b.list(TaskMetric).min(1),
  iters: intOr(1, Iters),
  navigate_earlier: bool(true),
  refresh: bool(false),
  scroll_id: ScrollId,
  model_events: ModelEvents,
})

const sampleFields = {
  iteration: int.nullish(), refresh: bool(false), scroll_id: ScrollId, navigate_current_metric: bool(true), model_events: ModelEvents,
}
export const VariantSampleRequest = TaskRequest.extend({ metric: Names.element, variant: Names.element, ...sampleFields })
export const MetricSamplesRequest = TaskRequest.extend({ metric: Names.element, ...sampleFields })
export const NextSampleRequest = TaskRequest.extend({
  scroll_id: ScrollId, navigate_earlier: bool(true), next_iteration: bool(false), model_events: ModelEvents,
})

export type GetTaskLogRequest = z.infer<typeof GetTaskLogRequest>
export type LegacyTaskLogRequest = z.infer<typeof LegacyTaskLogRequest>
export type GetTaskEventsRequest = z.infer<typeof GetTaskEventsRequest>
export type HistogramRequest = z.infer<typeof HistogramRequest>
export type MultiTaskHistogramRequest = z.infer<typeof MultiTaskHistogramRequest>
export type ScalarRawRequest = z.infer<typeof ScalarRawRequest>
export type ScalarMetricDataRequest = z.infer<typeof ScalarMetricDataRequest>
export type SingleValueRequest = z.infer<typeof SingleValueRequest>
export type TaskPlotsRequest = z.infer<typeof TaskPlotsRequest>
export type MultiTaskPlotsRequest = z.infer<typeof MultiTaskPlotsRequest>
export type LegacyDebugImagesRequest = z.infer<typeof LegacyDebugImagesRequest>
export type MetricEventsRequest = z.infer<typeof MetricEventsRequest>
export type VariantSampleRequest = z.infer<typeof VariantSampleRequest>
export type MetricSamplesRequest = z.infer<typeof MetricSamplesRequest>
export type NextSampleRequest = z.infer<typeof NextSampleRequest>
export type ClearTaskLogRequest = z.infer<typeof ClearTaskLogRequest>
export type MetricVariants = z.infer<typeof MetricVariants>
