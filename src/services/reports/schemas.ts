// Request schemas of the reports service (ClearML's apimodels/reports.py). Nulls are accepted wherever ClearML's
// models accept them and mean "not given".
import { z } from 'zod'
import { MAX_EVENTS_BATCH } from '../../domain/limits.js'
import * as b from '../common/bounds.js'

const Names = b.names()
const Name = b.name().min(3)
const Tags = b.tags()
/** The schema calls the status message `comment`; ClearML's request model reads `message`. Either is taken. */
const Message = { message: b.text().nullish(), comment: b.text().nullish() }

export const CreateRequest = z.object({
  name: Name,
  tags: Tags.nullish(),
  comment: b.text().nullish(),
  report: z.string().nullish(),
  report_assets: Names.nullish(),
  project: b.id().nullish(),
})
export type CreateRequest = z.infer<typeof CreateRequest>

export const UpdateRequest = z.object({
  task: b.id().min(1),
  name: Name.nullish(),
  tags: Tags.nullish(),
  comment: b.text().nullish(),
  report: z.string().nullish(),
  report_assets: Names.nullish(),
})
export type UpdateRequest = z.infer<typeof UpdateRequest>

// `project` absent and `project: null` differ: null is the root ".reports".
export const MoveRequest = z.object({ task: b.id().min(1), project: b.id().nullish(), project_name: b.projectName().nullish() })
export type MoveRequest = z.infer<typeof MoveRequest>

export const StatusRequest = z.object({ task: b.id().min(1), ...Message })
export type StatusRequest = z.infer<typeof StatusRequest>

export const DeleteRequest = z.object({ task: b.id().min(1), force: z.boolean().nullish() })
export type DeleteRequest = z.infer<typeof DeleteRequest>

// Query endpoints take the whole get_all language; the query module reads the fields it knows.
export const QueryRequest = z.record(z.unknown())
export type QueryRequest = z.infer<typeof QueryRequest>

export const GetTagsRequest = z.object({})

const MetricVariants = z.object({ metric: Names.element, variants: Names.nullish() })
const Metrics = b.list(MetricVariants).nullish()
const iters = b.int(1, MAX_EVENTS_BATCH).nullish()

/** get_task_data: a tasks (or models) query plus the event parts, each returned only when asked for. */
export const TaskDataRequest = z.object({
  debug_images: z.object({ iters, metrics: Metrics }).nullish(),
  plots: z.object({ iters, metrics: Metrics, last_iters_per_task_metric: z.boolean().nullish() }).nullish(),
  scalar_metrics_iter_histogram: z.object({
    samples: z.number().int().min(1).max(6000).nullish(),
    key: z.enum(['iter', 'timestamp', 'iso_time']).nullish(),
    metrics: Metrics,
  }).nullish(),
  single_value_metrics: z.object({}).nullish(),
  model_events: z.boolean().nullish(),
}).passthrough() // every other field is the entity query
export type TaskDataRequest = z.infer<typeof TaskDataRequest>
