import { z } from 'zod'
import { TagsFilter } from '../projects/schemas.js'

export const Empty = z.object({})

export const TagsRequest = z.object({
  include_system: z.boolean().default(false),
  filter: TagsFilter.nullish(),
})

const Query = z.record(z.unknown()).nullish()
export const EntitiesCountRequest = z.object({
  projects: Query,
  tasks: Query,
  models: Query,
  pipelines: Query,
  datasets: Query,
  reports: Query,
  active_users: z.array(z.string()).nullish(),
  search_hidden: z.boolean().default(false),
  allow_public: z.boolean().default(true),
})
export type EntitiesCountRequest = z.infer<typeof EntitiesCountRequest>

const ValueMapping = z.object({ key: z.unknown(), value: z.unknown() })
const FieldMapping = z.object({ field: z.string(), name: z.string().nullish(), values: z.array(ValueMapping).nullish() })

// The rest of the request is the tasks/models get_all query to export, so every field is kept.
export const PrepareDownloadRequest = z.object({
  entity_type: z.enum(['task', 'model']),
  allow_public: z.boolean().default(true),
  search_hidden: z.boolean().default(false),
  only_fields: z.array(z.string()).min(1),
  field_mappings: z.array(FieldMapping).min(1),
}).passthrough()

export const DownloadRequest = z.object({ prepare_id: z.string() })
