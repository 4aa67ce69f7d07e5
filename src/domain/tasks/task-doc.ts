// The shape of a stored task: defaults for a new one, and the containers every reader may rely on. Clients
// dereference script, execution, models.input/output, output, runtime and last_metrics without guards, so
// these are filled on write and again on read (for documents written before a field existed).
import type { Artifact, ConfigurationItem, ModelRef, ParamItem, TaskDoc, TaskStatus, TaskType } from '../entities/task.js'
import { isJsonObject } from '../object-paths.js'

export const ARCHIVED_TAG = 'archived'
export const HIDDEN_TAG = 'hidden'
export const DELETED_PREFIX = '__DELETED__'
export const MIN_TASK_NAME_LENGTH = 3

/** ClearML's Script embedded document defaults. */
export const defaultScript = (): Record<string, unknown> => ({ binary: 'python', repository: '', entry_point: '' })

export const defaultExecution = (): TaskDoc['execution'] =>
  ({ test_split: 0, parameters: {}, model_desc: {}, model_labels: {}, artifacts: [] })

/** What a client may set on create / edit, already in stored form (see prepareTaskFields). */
export interface TaskFields {
  name?: string
  type?: TaskType
  status?: TaskStatus
  comment?: string
  parent?: string | null
  project?: string | null
  tags?: string[]
  system_tags?: string[]
  script?: Record<string, unknown>
  execution?: Record<string, unknown>
  hyperparams?: Record<string, Record<string, ParamItem>>
  configuration?: Record<string, ConfigurationItem>
  runtime?: Record<string, unknown>
  container?: Record<string, string | null>
  models?: { input?: ModelRef[]; output?: ModelRef[] }
  output?: Record<string, unknown>
  report?: string
}

export interface NewTaskContext {
  id: string
  company: string
  user: string
  /** toApiDate(now) */
  at: string
}

export function newTaskDoc(ctx: NewTaskContext, fields: TaskFields): TaskDoc {
  const doc: TaskDoc = {
    id: ctx.id,
    company: ctx.company,
    user: ctx.user,
    name: fields.name ?? '',
    type: fields.type ?? 'training',
    status: fields.status ?? 'created',
    status_reason: '',
    status_message: '',
    comment: fields.comment ?? '',
    project: fields.project ?? null,
    parent: fields.parent ?? null,
    created: ctx.at,
    last_update: ctx.at,
    last_change: ctx.at,
    last_changed_by: ctx.user,
    tags: fields.tags ?? [],
    system_tags: fields.system_tags ?? [],
    script: { ...defaultScript(), ...fields.script },
    execution: { ...defaultExecution(), ...fields.execution } as TaskDoc['execution'],
    hyperparams: fields.hyperparams ?? {},
    configuration: fields.configuration ?? {},
    runtime: fields.runtime ?? {},
    container: fields.container ?? {},
    models: { input: fields.models?.input ?? [], output: fields.models?.output ?? [] },
    output: { ...fields.output },
    last_iteration: 0,
    last_metrics: {},
  }
  if (fields.report !== undefined) doc.report = fields.report
  return doc
}

/** Fills any missing or null container of a stored task, without touching the stored copy. */
export function withContainers(task: TaskDoc): TaskDoc {
  const execution = isJsonObject(task.execution) ? { ...task.execution } : defaultExecution()
  if (!Array.isArray(execution.artifacts)) execution.artifacts = [] as Artifact[]
  const models = isJsonObject(task.models) ? task.models : { input: [], output: [] }
  return {
    ...task,
    tags: Array.isArray(task.tags) ? task.tags : [],
    system_tags: Array.isArray(task.system_tags) ? task.system_tags : [],
    script: isJsonObject(task.script) ? task.script : defaultScript(),
    execution: execution as TaskDoc['execution'],
    hyperparams: isJsonObject(task.hyperparams) ? task.hyperparams : {},
    configuration: isJsonObject(task.configuration) ? task.configuration : {},
    runtime: isJsonObject(task.runtime) ? task.runtime : {},
    container: isJsonObject(task.container) ? task.container : {},
    models: { input: Array.isArray(models.input) ? models.input : [], output: Array.isArray(models.output) ? models.output : [] },
    output: isJsonObject(task.output) ? task.output : {},
    last_metrics: isJsonObject(task.last_metrics) ? task.last_metrics : {},
    last_iteration: typeof task.last_iteration === 'number' ? task.last_iteration : 0,
  }
}

export const isArchived = (task: { system_tags?: readonly string[] }): boolean =>
  (task.system_tags ?? []).includes(ARCHIVED_TAG)
