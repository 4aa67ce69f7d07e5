// Request schemas of the reports service (ClearML's apimodels/reports.py). Nulls are accepted wherever ClearML's
// models accept them and mean "not given".
import { z } from 'zod'

const Names = z.array(z.string())
const Name = z.string().min(3)
/** The schema calls the status message `comment`; ClearML's request model reads `message`. Either is taken. */
const Message = { message: z.string().nullish(), comment: z.string().nullish() }

export const CreateRequest = z.object({
  name: Name,
  tags: Names.nullish(),
  comment: z.string().nullish(),
  report: z.string().nullish(),
  report_assets: Names.nullish(),
  project: z.string().nullish(),
})
export type CreateRequest = z.infer<typeof CreateRequest>

export const UpdateRequest = z.object({
  task: z.string().min(1),
  name: Name.nullish(),
  tags: Names.nullish(),
  comment: z.string().nullish(),
  report: z.string().nullish(),
  report_assets: Names.nullish(),
})
export type UpdateRequest = z.infer<typeof UpdateRequest>

// `project` absent and `project: null` differ: null is the root ".reports".
export const MoveRequest = z.object({ task: z.string().min(1), project: z.string().nullish(), project_name: z.string().nullish() })
export type MoveRequest = z.infer<typeof MoveRequest>

export const StatusRequest = z.object({ task: z.string().min(1), ...Message })
export type StatusRequest = z.infer<typeof StatusRequest>

export const DeleteRequest = z.object({ task: z.string().min(1), force: z.boolean().nullish() })
export type DeleteRequest = z.infer<typeof DeleteRequest>

// Query endpoints take the whole get_all language; the query module reads the fields it knows.
export const QueryRequest = z.record(z.unknown())
export type QueryRequest = z.infer<typeof QueryRequest>

export const GetTagsRequest = z.object({})

const MetricVariants = z.object({ metric: z.string(), variants: Names.nullish() })
const Metrics = z.array(MetricVariants).nullish()
const iters = z.number().int().min(1).nullish()

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
