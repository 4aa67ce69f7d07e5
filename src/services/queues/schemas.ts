import { z } from 'zod'
import { MAX_EPOCH_SEC } from '../../domain/limits.js'
import * as b from '../common/bounds.js'

export const MetadataItem = z.object({ key: b.name(), type: b.name(), value: b.text() })
// Clients send create/update metadata as a dict keyed by name; ClearML also takes a list of items there.
const MetadataInput = z.union([z.record(b.name(), MetadataItem), b.list(MetadataItem)])
const Tags = b.tags()
/** max_task_entries, move counts. */
const Entries = b.safeInt()

export const Empty = z.object({})
export const QueueRequest = z.object({ queue: b.id() })
export const GetByIdRequest = QueueRequest.extend({ max_task_entries: Entries.nullish() })

// The get_all query language takes arbitrary field names (name, tags, metadata.*, filters…): keep them all.
export const GetAllRequest = z.object({
  max_task_entries: Entries.nullish(),
  search_hidden: z.boolean().nullish(),
}).passthrough()

export const CreateRequest = z.object({
  name: b.name(),
  display_name: b.name().nullish(),
  tags: Tags.nullish(),
  system_tags: Tags.nullish(),
  metadata: MetadataInput.nullish(),
})

// Only the fields the caller sent are written, as ClearML's partial update does.
export const UpdateRequest = z.object({
  queue: b.id(),
  name: b.name().optional(),
  display_name: b.name().nullish(),
  tags: Tags.optional(),
  system_tags: Tags.optional(),
  metadata: MetadataInput.optional(),
})

export const DeleteRequest = QueueRequest.extend({ force: z.boolean().default(false) })
export const TaskRequest = QueueRequest.extend({ task: b.id() })
export const AddTaskRequest = TaskRequest.extend({ update_execution_queue: z.boolean().default(true) })
export const RemoveTaskRequest = TaskRequest.extend({ update_task_status: z.boolean().default(false) })
export const MoveTaskRequest = TaskRequest.extend({ count: Entries.nullish() })

export const GetNextTaskRequest = QueueRequest.extend({
  get_task_info: z.boolean().default(false),
  task: b.id().nullish(),
})

export const GetMetricsRequest = z.object({
  from_date: b.epochSec(),
  to_date: b.epochSec(),
  interval: b.int(1, MAX_EPOCH_SEC),
  queue_ids: b.ids().nullish(),
  refresh: z.boolean().default(false),
})

export const AddOrUpdateMetadataRequest = QueueRequest.extend({
  metadata: b.list(MetadataItem).min(1),
  replace_metadata: z.boolean().default(false),
})

export const DeleteMetadataRequest = QueueRequest.extend({ keys: b.names().min(1) })

export type CreateRequest = z.infer<typeof CreateRequest>
export type UpdateRequest = z.infer<typeof UpdateRequest>
export type MetadataInput = z.infer<typeof MetadataInput>
