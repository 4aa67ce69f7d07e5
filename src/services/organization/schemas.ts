import { z } from 'zod'
import { MAX_FIELD_PATH_CHARS } from '../../domain/limits.js'
import * as b from '../common/bounds.js'
import { TagsFilter } from '../projects/schemas.js'
import { MAX_PREPARE_ID_CHARS } from './prepare-id.js'

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
  active_users: b.ids().nullish(),
  search_hidden: z.boolean().default(false),
  allow_public: z.boolean().default(true),
})
export type EntitiesCountRequest = z.infer<typeof EntitiesCountRequest>

const ValueMapping = z.object({ key: z.unknown(), value: z.unknown() })
const FieldPath = b.label(MAX_FIELD_PATH_CHARS)
const FieldMapping = z.object({ field: FieldPath, name: b.name().nullish(), values: b.list(ValueMapping).nullish() })

// The rest of the request is the tasks/models get_all query to export, so every field is kept.
export const PrepareDownloadRequest = z.object({
  entity_type: z.enum(['task', 'model']),
  allow_public: z.boolean().default(true),
  search_hidden: z.boolean().default(false),
  only_fields: b.list(FieldPath).min(1),
  field_mappings: b.list(FieldMapping, 1_000).min(1),
}).passthrough()

export const DownloadRequest = z.object({ prepare_id: z.string().max(MAX_PREPARE_ID_CHARS, 'not a prepare id of this server') })
