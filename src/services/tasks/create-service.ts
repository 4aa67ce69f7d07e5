// tasks.create, tasks.validate and tasks.clone. Each call is one transaction.
import { toApiDate } from '../../domain/dates.js'
import type { Artifact, ModelRef, TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { INPUT_MODEL_NAME, validateTags } from '../../domain/tasks/compat.js'
import { cleanConfigItems, cleanParamItems, prepareTaskFields } from '../../domain/tasks/fields.js'
import { normalizeArtifacts } from '../../domain/tasks/params.js'
import { ARCHIVED_TAG, DELETED_PREFIX, newTaskDoc, withContainers } from '../../domain/tasks/task-doc.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { ensureProjectByName, touchProject } from '../projects/project-lookup.js'
import type { CloneRequest, CreateRequest } from './crud-schemas.js'
import { DEVELOPMENT_TAG } from './status-change.js'
import { getTaskForRead } from './task-lookup.js'
import { validateTaskReferences } from './task-references.js'

type Json = Record<string, unknown>

export interface CloneResult { id: string; new_project?: { id: string; name: string } }

export function createTaskCreation(deps: ServiceDeps) {
  const { store, clock, ids } = deps

  async function buildNew(tx: Repos, identity: Identity, o: { req: CreateRequest; version: string; now: Date }): Promise<TaskDoc> {
    const { req, version } = o
    const at = toApiDate(o.now)
    const fields = prepareTaskFields(req as Json, { version, at })
    await validateTaskReferences(tx, identity, fields)
    return newTaskDoc({ id: ids(), company: identity.company, user: identity.user, at }, fields)
  }

  return {
    create: (identity: Identity, req: CreateRequest, version: string) =>
      store.transaction(async (tx) => {
        const now = clock()
        const task = await buildNew(tx, identity, { req, version, now })
        await tx.tasks.insert(task)
        await touchProject(tx, task.project, now)
        return { id: task.id }
      }),

    /** Checks a task as tasks.create would, writing nothing. A parent deleted since is not an error. */
    validate: (identity: Identity, req: CreateRequest, version: string) =>
      store.read(async (tx) => {
        const parent = req.parent?.startsWith(DELETED_PREFIX) ? undefined : req.parent
        await buildNew(tx, identity, { req: { ...req, parent }, version, now: clock() })
        return {}
      }),

    clone: (identity: Identity, req: CloneRequest) =>
      store.transaction(async (tx): Promise<CloneResult> => {
        const now = clock()
        validateTags(req.new_task_tags, req.new_task_system_tags)
        const source = withContainers(await getTaskForRead(tx, identity, req.task))
        let project = req.new_task_project
        let newProject: CloneResult['new_project']
        if (!project && req.new_project_name) {
          project = await ensureProjectByName(tx, identity, req.new_project_name, now, ids)
          newProject = { id: project, name: req.new_project_name }
        }
        const { task, inputModelsGiven } = clonedTask(source, req, { id: ids(), identity, at: toApiDate(now), project })
        await validateTaskReferences(tx, identity, task, {
          models: req.validate_references || inputModelsGiven,
          parent: req.validate_references || Boolean(req.new_task_parent),
          project: req.validate_references || Boolean(project),
        })
        await tx.tasks.insert(task)
        await touchProject(tx, task.project, now)
        return { id: task.id, ...(newProject ? { new_project: newProject } : {}) }
      }),
  }
}

export type TaskCreation = ReturnType<typeof createTaskCreation>

/** Execution of a clone: the source's, with overrides; never the queue, never output artifacts. */
function cloneExecution(source: TaskDoc, req: CloneRequest, o: { at: string; inputModels?: ModelRef[]; container?: Json }): Json {
  const execution: Json = structuredClone(source.execution)
  const overrides: Json = { ...req.execution_overrides }
  const model = overrides.model
  delete overrides.model
  if (!o.inputModels && typeof model === 'string' && model) o.inputModels = [{ name: INPUT_MODEL_NAME, model, updated: o.at }]
  const dockerCmd = overrides.docker_cmd
  delete overrides.docker_cmd
  if (!o.container && typeof dockerCmd === 'string' && dockerCmd) {
    const [image, ...args] = dockerCmd.split(' ')
    o.container = { image, arguments: args.join(' ') }
  }
  // Legacy parameter overrides are dropped, as ClearML does.
  for (const legacy of ['parameters', 'model_desc', 'configuration']) delete overrides[legacy]
  Object.assign(execution, Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined && v !== null)))
  const artifacts = Array.isArray(execution.artifacts) ? normalizeArtifacts(execution.artifacts as Artifact[]) : []
  execution.artifacts = artifacts.filter((a) => a.mode !== 'output')
  if (execution.model_labels && typeof execution.model_labels === 'object') {
    execution.model_labels = Object.fromEntries(Object.entries(execution.model_labels).map(([k, v]) => [k, Math.trunc(Number(v))]))
  }
  delete execution.queue
  return execution
}

const nonEmpty = <T extends object>(v: T | undefined): T | undefined => (v && Object.keys(v).length > 0 ? v : undefined)
const nonEmptyList = <T>(v: T[] | undefined): T[] | undefined => (v && v.length > 0 ? v : undefined)

function clonedTask(
  source: TaskDoc, req: CloneRequest, o: { id: string; identity: Identity; at: string; project?: string },
): { task: TaskDoc; inputModelsGiven: boolean } {
  const given = nonEmptyList(req.new_task_input_models?.filter((m) => m.model))
  const state: { at: string; inputModels?: ModelRef[]; container?: Json } = {
    at: o.at,
    inputModels: given?.map((m) => ({ name: m.name ?? '', model: m.model as string, updated: o.at })),
    container: nonEmpty(req.new_task_container),
  }
  const execution = cloneExecution(source, req, state)
  const hyperparams = nonEmpty(req.new_task_hyperparams)
  const configuration = nonEmpty(req.new_task_configuration)
  const parent = source.parent && !source.parent.startsWith(DELETED_PREFIX) ? source.parent : source.id
  const systemTags = source.system_tags.filter((t) => t !== DEVELOPMENT_TAG && t !== ARCHIVED_TAG)
  const task = newTaskDoc({ id: o.id, company: o.identity.company, user: o.identity.user, at: o.at }, {
    name: req.new_task_name || source.name,
    type: source.type,
    comment: req.new_task_comment || source.comment,
    parent: req.new_task_parent || parent,
    project: o.project || source.project,
    tags: nonEmptyList(req.new_task_tags) ?? [...source.tags],
    system_tags: nonEmptyList(req.new_task_system_tags) ?? systemTags,
    script: structuredClone(source.script),
    execution,
    hyperparams: hyperparams ? cleanParamItems(hyperparams) : structuredClone(source.hyperparams),
    configuration: configuration ? cleanConfigItems(configuration) : structuredClone(source.configuration),
    container: (state.container as TaskDoc['container']) ?? { ...source.container },
    models: { input: state.inputModels ?? source.models.input, output: [] },
    output: source.output.destination ? { destination: source.output.destination } : {},
  })
  return { task, inputModelsGiven: state.inputModels !== undefined }
}
