import { z } from 'zod'

export const MetadataItem = z.object({ key: z.string(), type: z.string(), value: z.string() })
// Clients send create/update metadata as a dict keyed by name; ClearML also takes a list of items there.
const MetadataInput = z.union([z.record(MetadataItem), z.array(MetadataItem)])
const Tags = z.array(z.string())

export const Empty = z.object({})
export const QueueRequest = z.object({ queue: z.string() })
export const GetByIdRequest = QueueRequest.extend({ max_task_entries: z.number().int().nullish() })

// The get_all query language takes arbitrary field names (name, tags, metadata.*, filters…): keep them all.
export const GetAllRequest = z.object({
  max_task_entries: z.number().int().nullish(),
  search_hidden: z.boolean().nullish(),
}).passthrough()

export const CreateRequest = z.object({
  name: z.string(),
  display_name: z.string().nullish(),
  tags: Tags.nullish(),
  system_tags: Tags.nullish(),
  metadata: MetadataInput.nullish(),
})

// Only the fields the caller sent are written, as ClearML's partial update does.
export const UpdateRequest = z.object({
  queue: z.string(),
  name: z.string().optional(),
  display_name: z.string().nullish(),
  tags: Tags.optional(),
  system_tags: Tags.optional(),
  metadata: MetadataInput.optional(),
})

export const DeleteRequest = QueueRequest.extend({ force: z.boolean().default(false) })
export const TaskRequest = QueueRequest.extend({ task: z.string() })
export const AddTaskRequest = TaskRequest.extend({ update_execution_queue: z.boolean().default(true) })
export const RemoveTaskRequest = TaskRequest.extend({ update_task_status: z.boolean().default(false) })
export const MoveTaskRequest = TaskRequest.extend({ count: z.number().int().nullish() })

export const GetNextTaskRequest = QueueRequest.extend({
  get_task_info: z.boolean().default(false),
  task: z.string().nullish(),
})

export const GetMetricsRequest = z.object({
  from_date: z.number().min(0),
  to_date: z.number().min(0),
  interval: z.number().int().min(1),
  queue_ids: z.array(z.string()).nullish(),
  refresh: z.boolean().default(false),
})

export const AddOrUpdateMetadataRequest = QueueRequest.extend({
  metadata: z.array(MetadataItem).min(1),
  replace_metadata: z.boolean().default(false),
})

export const DeleteMetadataRequest = QueueRequest.extend({ keys: z.array(z.string()).min(1) })

export type CreateRequest = z.infer<typeof CreateRequest>
export type UpdateRequest = z.infer<typeof UpdateRequest>
export type MetadataInput = z.infer<typeof MetadataInput>
