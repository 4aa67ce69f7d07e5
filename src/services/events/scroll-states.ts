// The shapes of the events scroll states. A scroll id is made by this server but comes back from the client, who
// may have changed it: decodeScroll checks the state against its shape, and a state that does not fit is refused
// like an unknown scroll id instead of reaching SQL (a limit of 0, an object where a number goes).
import { z } from 'zod'
import { ALL_EVENT_TYPES, EVENT_TYPES } from '../../domain/events/event-types.js'
import { MAX_EVENTS_BATCH, MAX_RAW_SCALARS_BATCH } from '../../domain/limits.js'
import * as b from '../common/bounds.js'
import { MetricVariants } from './schemas.js'

const Int = b.safeInt()
const Total = b.count()

const Cursor = z.object({ phase: z.enum(['iter', 'log']), after: Int.optional(), ts: Int.optional(), id: Int.optional() })
export const EventsScroll = z.object({
  task: z.string(),
  type: z.enum([...EVENT_TYPES, ALL_EVENT_TYPES]),
  order: z.enum(['asc', 'desc']),
  metrics: z.array(MetricVariants).nullish(),
  batchSize: b.int(1, MAX_EVENTS_BATCH),
  total: Total.nullable(),
  cursor: Cursor.nullable(),
})
export type EventsScroll = z.infer<typeof EventsScroll>

/** scalar_metrics_iter_raw: `after` is an iteration or a timestamp. */
export const RawScroll = z.object({ after: Int.nullable(), total: Total.nullable(), batchSize: b.int(1, MAX_RAW_SCALARS_BATCH) })
export type RawScroll = z.infer<typeof RawScroll>

export const DataScroll = z.object({ after: Int.nullable(), total: Total })
export type DataScroll = z.infer<typeof DataScroll>

export const LogScroll = z.object({
  task: z.string(),
  descending: z.boolean(),
  cursor: z.object({ timestamp: Int, id: Int }).nullable(),
  done: z.boolean(),
})
export type LogScroll = z.infer<typeof LogScroll>

export const DoneScroll = z.object({ total: Total })

const MetricRange = z.object({ name: z.string(), min: Int, max: Int })
export const PlotState = z.object({
  task: z.string(), metric: z.string(), navigateCurrentMetric: z.boolean(), metrics: z.array(MetricRange), iteration: Int.optional(),
})
export type PlotState = z.infer<typeof PlotState>

const VariantRange = z.object({ metric: z.string(), name: z.string(), min: Int, max: Int })
export const ImageState = z.object({
  task: z.string(), metric: z.string(), navigateCurrentMetric: z.boolean(), variants: z.array(VariantRange),
  variant: z.string().optional(), iteration: Int.optional(),
})
export type ImageState = z.infer<typeof ImageState>

const VariantState = z.object({ variant: z.string(), lastInvalid: Int.optional() })
const MetricState = z.object({ metric: z.string(), timestamp: z.number(), variants: z.array(VariantState) })
const TaskState = z.object({ task: z.string(), metrics: z.array(MetricState), lastMinIter: Int.optional(), lastMaxIter: Int.optional() })
export const IteratorState = z.object({ tasks: z.array(TaskState) })
export type TaskState = z.infer<typeof TaskState>
export type IteratorState = z.infer<typeof IteratorState>
