// Requests of the task document endpoints (create … make_private). The SDK serialises every attribute of its
// request objects, so optional fields accept null as "absent"; tasks.validate is sent a whole task as read
// back from get_by_id, so every stored field must parse here too (unknown ones are dropped).
import { z } from 'zod'
import { TASK_STATUSES, TASK_TYPES } from '../../domain/entities/task.js'

const text = z.string().nullish().transform((v) => v ?? undefined)
const flag = (fallback: boolean) => z.boolean().nullish().transform((v) => v ?? fallback)
const strings = z.array(z.string()).nullish().transform((v) => v ?? undefined)
const dict = z.record(z.unknown()).nullish().transform((v) => v ?? undefined)
const ids = z.array(z.string()).min(1)

// Values are strings on the wire; numbers or booleans from hand-written clients are kept as their text.
const paramText = z.union([z.string(), z.number(), z.boolean()]).nullish().transform((v) => (v === null || v === undefined ? '' : String(v)))

const ParamItem = z.object({
  section: z.string().nullish(),
  name: z.string().nullish(),
  value: paramText,
  type: z.string().nullish(),
  description: z.string().nullish(),
})

const ConfigurationItem = z.object({
  name: z.string().nullish(),
  value: paramText,
  type: z.string().nullish(),
  description: z.string().nullish(),
})

const ModelRef = z.object({ name: z.string(), model: z.string() })
const ModelRefs = z.array(ModelRef).nullish().transform((v) => v ?? undefined)

const Hyperparams = z.record(z.record(ParamItem.nullish()))
const Configuration = z.record(ConfigurationItem.nullish())

const Artifact = z.object({
  key: z.string(),
  type: z.string(),
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
  artifacts: z.array(Artifact).nullish(),
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
  parent: z.string().nullish(),
  project: z.string().nullish(),
  tags: strings,
  system_tags: strings,
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
  name: z.string(),
  type: z.enum(TASK_TYPES),
  ...TaskFieldsShape,
})

export const EditRequest = z.object({
  task: z.string().min(1),
  force: flag(false),
  name: text,
  type: z.enum(TASK_TYPES).nullish().transform((v) => v ?? undefined),
  status: z.enum(TASK_STATUSES).nullish().transform((v) => v ?? undefined),
  ...TaskFieldsShape,
})

/** tasks.update: only what ClearML lets users set on any task. */
const UpdateFieldsShape = {
  name: text,
  comment: text,
  project: z.string().nullish(),
  tags: strings,
  system_tags: strings,
  status_message: text,
  output__error: text,
}

export const UpdateRequest = z.object({ task: z.string().min(1), ...UpdateFieldsShape })
export const UpdateBatchItem = z.object({ task: z.string().min(1), ...UpdateFieldsShape })

export const TaskRequest = z.object({ task: z.string().min(1) })

/** get_all / get_all_ex / get_by_id_ex take the whole query language; it is read by parseGetAll. */
export const GetAllRequest = z.record(z.unknown())

export const GetTypesRequest = z.object({ projects: strings })

export const CloneRequest = z.object({
  task: z.string().min(1),
  new_task_name: text,
  new_task_comment: text,
  new_task_tags: strings,
  new_task_system_tags: strings,
  new_task_parent: text,
  new_task_project: text,
  new_task_hyperparams: Hyperparams.nullish().transform((v) => v ?? undefined),
  new_task_configuration: Configuration.nullish().transform((v) => v ?? undefined),
  new_task_container: z.record(z.string().nullable()).nullish().transform((v) => v ?? undefined),
  new_task_input_models: z.array(z.object({ name: z.string().nullish(), model: z.string().nullish() })).nullish()
    .transform((v) => v ?? undefined),
  execution_overrides: Execution.nullish().transform((v) => v ?? undefined),
  validate_references: flag(false),
  new_project_name: text,
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
  task: z.string().min(1), ...Cleanup, move_to_trash: flag(true), include_pipeline_steps: flag(false),
})
export const DeleteManyRequest = z.object({ ids, ...Cleanup, move_to_trash: flag(true), include_pipeline_steps: flag(false) })
export const ResetRequest = z.object({ task: z.string().min(1), ...Cleanup, clear_all: flag(false) })
export const ResetManyRequest = z.object({ ids, ...Cleanup, clear_all: flag(false) })

const Visibility = { status_reason: text, status_message: text, include_pipeline_steps: flag(false) }
export const ArchiveRequest = z.object({ tasks: ids, ...Visibility })
export const ArchiveManyRequest = z.object({ ids, ...Visibility })

export const MoveRequest = z.object({ ids, project: z.string().nullish(), project_name: text })
export const UpdateTagsRequest = z.object({ ids: z.array(z.string()).nullish(), add_tags: strings, remove_tags: strings })
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
