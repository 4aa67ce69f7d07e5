// Request schemas of the models service (apiserver/schema/services/models.conf). Optional fields accept null
// as "not given": ClearML drops None values before applying an edit.
import { z } from 'zod'
import * as b from '../common/bounds.js'

const Str = z.string().nullish()
const Text = b.text().nullish()
const Name = b.name().nullish()
const Id = b.id().nullish()
const Tags = b.tags().nullish()
const Dict = z.record(z.unknown()).nullish()
const Ids = b.ids().min(1, 'at least one id is required')

export const MetadataItem = z.object({ key: b.name(), type: b.name(), value: b.text() })
/** As a map keyed by key (create/edit/update); an item's own `key` may then be left out. */
const MetadataMapItem = MetadataItem.extend({ key: b.name().optional() })
// Lenient: the map form is the documented one, but a list of items is what the metadata endpoints take.
const Metadata = z.union([z.record(b.name(), MetadataMapItem), b.list(MetadataItem)]).nullish()

export const Model = z.object({ model: b.id() })
export const Task = z.object({ task: b.id() })
export const Batch = z.object({ ids: Ids })
/** get_all and friends read any field of the query language, so the request is taken whole. */
export const Query = z.record(z.unknown())

const Editable = {
  name: Name,
  uri: Str,
  comment: Text,
  tags: Tags,
  system_tags: Tags,
  framework: Name,
  design: Dict,
  labels: Dict,
  project: Id,
  parent: Id,
  task: Id,
  metadata: Metadata,
}

export const CreateRequest = z.object({
  ...Editable,
  name: b.name(),
  uri: z.string(),
  /** ClearML's request model defaults to a ready (published) model; the SDK always sends ready:false. */
  ready: z.boolean().nullish(),
  public: z.boolean().nullish(),
  ui_cache: Dict,
})
export type CreateRequest = z.infer<typeof CreateRequest>

export const EditRequest = z.object({ ...Editable, model: b.id(), ready: z.boolean().nullish(), iteration: z.number().int().nullish() })
export type EditRequest = z.infer<typeof EditRequest>

export const UpdateRequest = z.object({
  model: b.id(),
  name: Name,
  comment: Text,
  tags: Tags,
  system_tags: Tags,
  uri: Str,
  created: Name,
  ui_cache: Dict,
  /** Only checked, as ClearML does: models.update cannot change labels. */
  labels: Dict,
  project: Id,
  task: Id,
  iteration: z.number().int().nullish(),
  metadata: Metadata,
})
export type UpdateRequest = z.infer<typeof UpdateRequest>

export const UpdateForTaskRequest = z.object({
  task: b.id(),
  uri: Str,
  name: Name,
  comment: Text,
  tags: Tags,
  system_tags: Tags,
  override_model_id: Id,
  iteration: z.number().int().nullish(),
})
export type UpdateForTaskRequest = z.infer<typeof UpdateForTaskRequest>

export const SetReadyRequest = z.object({
  model: b.id(),
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

export const DeleteRequest = z.object({ model: b.id(), force: z.boolean().nullish() })
export const DeleteManyRequest = z.object({ ids: Ids, force: z.boolean().nullish() })

export const MoveRequest = z.object({ ids: Ids, project: b.id().nullable().optional(), project_name: b.projectName().nullish() })
export type MoveRequest = z.infer<typeof MoveRequest>

export const GetFrameworksRequest = z.object({ projects: b.ids().nullish() })

export const AddOrUpdateMetadataRequest = z.object({
  model: b.id(),
  metadata: b.list(MetadataItem).min(1, 'at least one metadata item is required'),
  replace_metadata: z.boolean().nullish(),
})

export const DeleteMetadataRequest = z.object({ model: b.id(), keys: b.names().min(1, 'at least one key is required') })

export const UpdateTagsRequest = z.object({ ids: b.ids().nullish(), add_tags: Tags, remove_tags: Tags })
