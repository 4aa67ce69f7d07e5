// Requests of the task document endpoints (create … make_private). The SDK serialises every attribute of its
// request objects, so optional fields accept null as "absent"; tasks.validate is sent a whole task as read
// back from get_by_id, so every stored field must parse here too (unknown ones are dropped).
import { z } from 'zod'
import { TASK_STATUSES, TASK_TYPES } from '../../domain/entities/task.js'
import * as b from '../common/bounds.js'

const text = b.text().nullish().transform((v) => v ?? undefined)
const optionalName = b.name().nullish().transform((v) => v ?? undefined)
const optionalProjectName = b.projectName().nullish().transform((v) => v ?? undefined)
const optionalId = b.id().nullish().transform((v) => v ?? undefined)
const flag = (fallback: boolean) => z.boolean().nullish().transform((v) => v ?? fallback)
const tags = b.tags().nullish().transform((v) => v ?? undefined)
const dict = z.record(z.unknown()).nullish().transform((v) => v ?? undefined)
const ids = b.ids().min(1)
const TaskId = b.id().min(1)

// Values are strings on the wire; numbers or booleans from hand-written clients are kept as their text.
const paramText = z.union([z.string(), z.number(), z.boolean()]).nullish().transform((v) => (v === null || v === undefined ? '' : String(v)))

const ParamItem = z.object({
  section: b.name().nullish(),
  name: b.name().nullish(),
  value: paramText,
  type: b.name().nullish(),
  description: b.text().nullish(),
})

const ConfigurationItem = z.object({
  name: b.name().nullish(),
  value: paramText,
  type: b.name().nullish(),
  description: b.text().nullish(),
})

const ModelRef = z.object({ name: b.name(), model: b.id() })
const ModelRefs = b.list(ModelRef).nullish().transform((v) => v ?? undefined)

// Section and parameter names are keys of the stored document and field paths of the query language.
const Hyperparams = z.record(b.name(), z.record(b.name(), ParamItem.nullish()))
const Configuration = z.record(b.name(), ConfigurationItem.nullish())

const Artifact = z.object({
  key: b.name(),
  type: b.name(),
  mode: z.enum(['input', 'output']).nullish().transform((v) => v ?? 'output'),
  uri: z.string().nullish(),
  hash: z.string().nullish(),
  content_size: z.number().nullish(),
  timestamp: z.number().nullish(),
  type_data: z.object({ preview: z.string().nullish(), content_type: z.string().nullish(), data_hash: z.string().nullish() }).nullish(),
  display_data: z.array(z.array(z.unknown())).nullish(),
})

// Execution keeps fields it does not know (ClearML's Execution is not strict); only the typed ones are checked.
const Execution = z.object({
  artifacts: b.list(Artifact).nullish(),
  model_labels: z.record(z.number()).nullish(),
  parameters: z.record(z.unknown()).nullish(),
  model_desc: z.record(z.unknown()).nullish(),
  framework: z.string().nullish(),
  test_split: z.number().nullish(),
  queue: z.string().nullish(),
}).passthrough()

/** The fields tasks.create, tasks.validate and tasks.edit accept. */
const TaskFieldsShape = {
  comment: text,
  parent: b.id().nullish(),
  project: b.id().nullish(),
  tags,
  system_tags: tags,
  script: dict,
  execution: Execution.nullish().transform((v) => v ?? undefined),
  hyperparams: Hyperparams.nullish().transform((v) => v ?? undefined),
  configuration: Configuration.nullish().transform((v) => v ?? undefined),
  runtime: dict,
  container: z.record(z.string().nullable()).nullish().transform((v) => v ?? undefined),
  models: z.object({ input: ModelRefs, output: ModelRefs }).nullish().transform((v) => v ?? undefined),
  output_dest: z.string().nullish(),
  // Only read below API 2.13, where the output model travels as output.model.
  output: dict,
}

export const CreateRequest = z.object({
  name: b.name(),
  type: z.enum(TASK_TYPES),
  ...TaskFieldsShape,
})

export const EditRequest = z.object({
  task: TaskId,
  force: flag(false),
  name: optionalName,
  type: z.enum(TASK_TYPES).nullish().transform((v) => v ?? undefined),
  status: z.enum(TASK_STATUSES).nullish().transform((v) => v ?? undefined),
  ...TaskFieldsShape,
})

/** tasks.update: only what ClearML lets users set on any task. */
const UpdateFieldsShape = {
  name: optionalName,
  comment: text,
  project: b.id().nullish(),
  tags,
  system_tags: tags,
  status_message: text,
  output__error: text,
}

export const UpdateRequest = z.object({ task: TaskId, ...UpdateFieldsShape })
export const UpdateBatchItem = z.object({ task: TaskId, ...UpdateFieldsShape })

export const TaskRequest = z.object({ task: TaskId })

/** get_all / get_all_ex / get_by_id_ex take the whole query language; it is read by parseGetAll. */
export const GetAllRequest = z.record(z.unknown())

export const GetTypesRequest = z.object({ projects: b.ids().nullish().transform((v) => v ?? undefined) })

export const CloneRequest = z.object({
  task: TaskId,
  new_task_name: optionalName,
  new_task_comment: text,
  new_task_tags: tags,
  new_task_system_tags: tags,
  new_task_parent: optionalId,
  new_task_project: optionalId,
  new_task_hyperparams: Hyperparams.nullish().transform((v) => v ?? undefined),
  new_task_configuration: Configuration.nullish().transform((v) => v ?? undefined),
  new_task_container: z.record(z.string().nullable()).nullish().transform((v) => v ?? undefined),
  new_task_input_models: b.list(z.object({ name: b.name().nullish(), model: b.id().nullish() })).nullish()
    .transform((v) => v ?? undefined),
  execution_overrides: Execution.nullish().transform((v) => v ?? undefined),
  validate_references: flag(false),
  new_project_name: optionalProjectName,
})

const Cleanup = {
  force: flag(false),
  return_file_urls: flag(false),
  delete_output_models: flag(true),
  delete_external_artifacts: flag(true),
  status_reason: text,
  status_message: text,
}

export const DeleteRequest = z.object({
  task: TaskId, ...Cleanup, move_to_trash: flag(true), include_pipeline_steps: flag(false),
})
export const DeleteManyRequest = z.object({ ids, ...Cleanup, move_to_trash: flag(true), include_pipeline_steps: flag(false) })
export const ResetRequest = z.object({ task: TaskId, ...Cleanup, clear_all: flag(false) })
export const ResetManyRequest = z.object({ ids, ...Cleanup, clear_all: flag(false) })

const Visibility = { status_reason: text, status_message: text, include_pipeline_steps: flag(false) }
export const ArchiveRequest = z.object({ tasks: ids, ...Visibility })
export const ArchiveManyRequest = z.object({ ids, ...Visibility })

export const MoveRequest = z.object({ ids, project: b.id().nullish(), project_name: optionalProjectName })
export const UpdateTagsRequest = z.object({ ids: b.ids().nullish(), add_tags: tags, remove_tags: tags })
export const MakePublicRequest = z.object({ ids })

export type CreateRequest = z.infer<typeof CreateRequest>
export type EditRequest = z.infer<typeof EditRequest>
export type UpdateFields = z.infer<typeof UpdateBatchItem>
export type CloneRequest = z.infer<typeof CloneRequest>
export type DeleteRequest = z.infer<typeof DeleteRequest>
export type DeleteManyRequest = z.infer<typeof DeleteManyRequest>
export type ResetRequest = z.infer<typeof ResetRequest>
export type ResetManyRequest = z.infer<typeof ResetManyRequest>
export type ArchiveManyRequest = z.infer<typeof ArchiveManyRequest>
export type MoveRequest = z.infer<typeof MoveRequest>
