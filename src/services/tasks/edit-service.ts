// tasks.edit (any field, `created` tasks only unless forced), tasks.update and tasks.update_batch (the fields a
// user may change on any task: name, comment, project, tags, status message).
import { toApiDate } from '../../domain/dates.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { downgradeTaskView, partitionTaskTags, isVersionBelow, validateTags } from '../../domain/tasks/compat.js'
import { checkTaskName, prepareTaskFields } from '../../domain/tasks/fields.js'
import { withContainers } from '../../domain/tasks/task-doc.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { BatchItem } from '../../transport/rpc/endpoint.js'
import type { ServiceDeps } from '../deps.js'
import { touchProject } from '../projects/project-lookup.js'
import { UpdateBatchItem, type EditRequest, type UpdateFields } from './crud-schemas.js'
import { getTaskForWrite, getTasksForWrite } from './task-lookup.js'
import { validateTaskReferences } from './task-references.js'
import { isJsonObject } from '../../domain/object-paths.js'

type Json = Record<string, unknown>

/** Embedded documents are merged key by key on edit; every other field (maps included) is replaced. */
const MERGED_FIELDS = new Set(['script', 'execution', 'output', 'models'])
/** Fields whose change alone does not count as an update of the task's contents (no last_update bump). */
const USER_SET_FIELDS = new Set(['name', 'status_message', 'comment', 'created', 'project', 'tags', 'system_tags'])

export interface UpdateResult { updated: number; fields?: Json }

async function touchProjects(tx: Repos, before: string | null | undefined, after: string | null | undefined, now: Date) {
  await touchProject(tx, after, now)
  if (before !== after) await touchProject(tx, before, now)
}

/** The user-settable fields of an update request, in stored form; empty when nothing applies. */
function updateFields(req: Omit<UpdateFields, 'task'>, version: string): Json {
  const out: Json = {}
  if (req.name !== undefined) out.name = checkTaskName(req.name)
  if (req.comment !== undefined) out.comment = req.comment
  if (req.project !== undefined) out.project = req.project
  if (req.status_message !== undefined) out.status_message = req.status_message
  let tags = req.tags
  let systemTags = req.system_tags
  validateTags(tags, systemTags)
  if (tags && !systemTags?.length && isVersionBelow(version, '2.3')) ({ tags, system_tags: systemTags } = partitionTaskTags(tags))
  if (tags !== undefined) out.tags = tags
  if (systemTags !== undefined) out.system_tags = systemTags
  return out
}

export function createTaskEdits(deps: ServiceDeps) {
  const { store, clock } = deps

  async function applyUpdate(tx: Repos, identity: Identity, task: TaskDoc, o: { req: UpdateFields; now: Date; version: string }) {
    const { req } = o
    const fields = updateFields(req, o.version)
    if (req.output__error !== undefined) fields['output.error'] = req.output__error
    if (Object.keys(fields).length === 0) return { updated: 0 }
    if (fields.project) await validateTaskReferences(tx, identity, { project: fields.project as string })
    const before = task.project
    const { 'output.error': outputError, ...top } = fields
    const next = { ...task, ...top } as TaskDoc
    if (outputError !== undefined) next.output = { ...next.output, error: outputError as string }
    const stamp = { last_change: toApiDate(o.now), last_changed_by: identity.user }
    await tx.tasks.update({ ...next, ...stamp })
    await touchProjects(tx, before, next.project, o.now)
    return { updated: 1, fields: { ...fields, ...stamp } }
  }

  return {
    edit: (identity: Identity, req: EditRequest, version: string) =>
      store.transaction(async (tx): Promise<UpdateResult> => {
        const now = clock()
        const task = withContainers(await getTaskForWrite(tx, identity, req.task))
        if (!req.force && task.status !== 'created') {
          throw errors.invalidTaskStatus(undefined, { expected: 'created', status: task.status })
        }
        const at = toApiDate(now)
        const request: Json = { ...req }
        delete request.task
        delete request.force
        const fields = prepareTaskFields(request, {
          version, at, previous: { output: task.output, hyperparams: task.hyperparams, configuration: task.configuration },
        }) as Json
        for (const key of Object.keys(fields)) {
          const current = (task as Json)[key]
          if (MERGED_FIELDS.has(key) && isJsonObject(current) && isJsonObject(fields[key])) fields[key] = { ...current, ...(fields[key] as Json) }
        }
        if (Object.keys(fields).length === 0) return { updated: 0 }
        await validateTaskReferences(tx, identity, fields)
        const stamp: Json = { last_change: at, last_changed_by: identity.user }
        if (!Object.keys(fields).every((k) => USER_SET_FIELDS.has(k))) stamp.last_update = at
        const next = { ...task, ...fields, ...stamp } as TaskDoc
        await tx.tasks.update(next)
        if ('project' in fields) await touchProjects(tx, task.project, next.project, now)
        const shown = structuredClone({ ...fields, ...stamp })
        downgradeTaskView(shown, version)
        return { updated: 1, fields: shown }
      }),

    update: (identity: Identity, req: UpdateFields, version: string) =>
      store.transaction(async (tx): Promise<UpdateResult> => {
        const task = await getTaskForWrite(tx, identity, req.task)
        return applyUpdate(tx, identity, task, { req, now: clock(), version })
      }),

    /** One json-lines item per task (`{task, …fields}`); the last item for a task wins. */
    updateBatch: (identity: Identity, batch: readonly BatchItem[], version: string) =>
      store.transaction(async (tx) => {
        const items = parseBatch(batch)
        const tasks = await getTasksForWrite(tx, identity, [...items.keys()])
        const now = clock()
        let updated = 0
        for (const task of tasks) updated += (await applyUpdate(tx, identity, task, { req: items.get(task.id) as UpdateFields, now, version })).updated
        return { updated }
      }),
  }
}

export type TaskEdits = ReturnType<typeof createTaskEdits>

function parseBatch(batch: readonly BatchItem[]): Map<string, UpdateFields> {
  if (batch.length === 0) throw errors.batchContainsNoItems()
  const items = new Map<string, UpdateFields>()
  for (const item of batch) {
    if (!item.ok) throw errors.validation(item.error)
    const parsed = UpdateBatchItem.safeParse(item.value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw errors.validation(`${issue.path.join('.') || 'item'}: ${issue.message}`)
    }
    items.set(parsed.data.task, parsed.data)
  }
  return items
}
