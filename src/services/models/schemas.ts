// Request schemas of the models service (apiserver/schema/services/models.conf). Optional fields accept null
// as "not given": ClearML drops None values before applying an edit.
import { z } from 'zod'

const Str = z.string().nullish()
const StringList = z.array(z.string()).nullish()
const Dict = z.record(z.unknown()).nullish()
const Ids = z.array(z.string()).min(1, 'at least one id is required')

export const MetadataItem = z.object({ key: z.string(), type: z.string(), value: z.string() })
/** As a map keyed by key (create/edit/update); an item's own `key` may then be left out. */
const MetadataMapItem = MetadataItem.extend({ key: z.string().optional() })
// Lenient: the map form is the documented one, but a list of items is what the metadata endpoints take.
const Metadata = z.union([z.record(MetadataMapItem), z.array(MetadataItem)]).nullish()

export const Model = z.object({ model: z.string() })
export const Task = z.object({ task: z.string() })
export const Batch = z.object({ ids: Ids })
/** get_all and friends read any field of the query language, so the request is taken whole. */
export const Query = z.record(z.unknown())

const Editable = {
  name: Str,
  uri: Str,
  comment: Str,
  tags: StringList,
  system_tags: StringList,
  framework: Str,
  design: Dict,
  labels: Dict,
  project: Str,
  parent: Str,
  task: Str,
  metadata: Metadata,
}

export const CreateRequest = z.object({
  ...Editable,
  name: z.string(),
  uri: z.string(),
  /** ClearML's request model defaults to a ready (published) model; the SDK always sends ready:false. */
  ready: z.boolean().nullish(),
  public: z.boolean().nullish(),
  ui_cache: Dict,
})
export type CreateRequest = z.infer<typeof CreateRequest>

export const EditRequest = z.object({ ...Editable, model: z.string(), ready: z.boolean().nullish(), iteration: z.number().int().nullish() })
export type EditRequest = z.infer<typeof EditRequest>

export const UpdateRequest = z.object({
  model: z.string(),
  name: Str,
  comment: Str,
  tags: StringList,
  system_tags: StringList,
  uri: Str,
  created: Str,
  ui_cache: Dict,
  /** Only checked, as ClearML does: models.update cannot change labels. */
  labels: Dict,
  project: Str,
  task: Str,
  iteration: z.number().int().nullish(),
  metadata: Metadata,
})
export type UpdateRequest = z.infer<typeof UpdateRequest>

export const UpdateForTaskRequest = z.object({
  task: z.string(),
  uri: Str,
  name: Str,
  comment: Str,
  tags: StringList,
  system_tags: StringList,
  override_model_id: Str,
  iteration: z.number().int().nullish(),
})
export type UpdateForTaskRequest = z.infer<typeof UpdateForTaskRequest>

export const SetReadyRequest = z.object({
  model: z.string(),
  force_publish_task: z.boolean().nullish(),
  publish_task: z.boolean().nullish(),
})

export const PublishManyRequest = z.object({
  ids: Ids,
  force_publish_task: z.boolean().nullish(),
  publish_task: z.boolean().nullish(),
  // The schema documents `publish_tasks`, ClearML's request model reads `publish_task`: take either.
  publish_tasks: z.boolean().nullish(),
})

export const DeleteRequest = z.object({ model: z.string(), force: z.boolean().nullish() })
export const DeleteManyRequest = z.object({ ids: Ids, force: z.boolean().nullish() })

export const MoveRequest = z.object({ ids: Ids, project: z.string().nullable().optional(), project_name: Str })
export type MoveRequest = z.infer<typeof MoveRequest>

export const GetFrameworksRequest = z.object({ projects: StringList })

export const AddOrUpdateMetadataRequest = z.object({
  model: z.string(),
  metadata: z.array(MetadataItem).min(1, 'at least one metadata item is required'),
  replace_metadata: z.boolean().nullish(),
})

export const DeleteMetadataRequest = z.object({ model: z.string(), keys: z.array(z.string()).min(1, 'at least one key is required') })

export const UpdateTagsRequest = z.object({ ids: StringList, add_tags: StringList, remove_tags: StringList })
