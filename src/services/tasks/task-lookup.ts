// Task access shared by every service that touches tasks. All functions take the open transaction's repos.
// Stored tasks are in wire shape (src/domain/entities/task.ts); hyperparameter section/name keys and configuration
// names are stored as clients send them (trimmed), not Mongo-escaped, and execution.artifacts is a list sorted by key.
//
//   getTaskForRead(tx, identity, id)          → TaskDoc of the caller's company or public (400/101 otherwise)
//   getTaskForWrite(tx, identity, id)         → TaskDoc of the caller's company (400/101 unknown, 403/21 public)
//   getTasksForWrite(tx, identity, ids)       → the same for many, in request order (400/101 names the missing ids)
//   saveTask(tx, task, now, identity)         → stamps last_update/last_change/last_changed_by and writes
//   deleteTasksOfProjects(tx, identity, projectIds, now)
//       → for projects.delete with delete_contents: deletes every task of those projects, clears `parent` of
//         their children left in other projects, and returns the deleted ids (the caller deletes their
//         events) and the URIs of their output artifacts.
//   disassociateTasksFromProjects(tx, company, projectIds, now) → number of tasks whose project became null
//   unlinkModelsFromTasks(tx, identity, modelIds, now, { exceptProjects })
//       → for models.delete / projects.delete: input references become "__DELETED__", output references are
//         dropped (kept as "__DELETED__" on published tasks, whose outputs are frozen). Returns tasks changed.
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { and, isIn, not, or, type Filter } from '../../domain/query/filter.js'
import { toApiDate } from '../../domain/dates.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'

export const DELETED_REF = '__DELETED__'

const empty = (path: string[]): Filter => ({ op: 'empty', path })

const readable = (task: TaskDoc | undefined, identity: Identity): task is TaskDoc =>
  task !== undefined && (task.company === identity.company || task.company === '')

export async function getTaskForRead(tx: Repos, identity: Identity, id: string): Promise<TaskDoc> {
  const task = await tx.tasks.get(id)
  if (!readable(task, identity)) throw errors.invalidTaskId(undefined, { id })
  return task
}

export async function getTaskForWrite(tx: Repos, identity: Identity, id: string): Promise<TaskDoc> {
  const task = await getTaskForRead(tx, identity, id)
  if (task.company === '') throw errors.noWritePermission(`cannot modify public task(s), ids=(${id})`)
  return task
}

export async function getTasksForWrite(tx: Repos, identity: Identity, ids: readonly string[]): Promise<TaskDoc[]> {
  const unique = [...new Set(ids)]
  const found = new Map((await tx.tasks.getMany(unique)).filter((t) => readable(t, identity)).map((t) => [t.id, t]))
  const missing = unique.filter((id) => !found.has(id))
  if (missing.length > 0) throw errors.invalidTaskId(undefined, { ids: missing })
  const tasks = unique.map((id) => found.get(id) as TaskDoc)
  const shared = tasks.filter((t) => t.company === '')
  if (shared.length > 0) throw errors.noWritePermission(`cannot modify public task(s), ids=(${shared.map((t) => t.id).join(', ')})`)
  return tasks
}

export function stampTask(task: Pick<TaskDoc, 'last_update' | 'last_change' | 'last_changed_by'>, now: Date, identity: Identity): void {
  const at = toApiDate(now)
  task.last_update = at
  task.last_change = at
  task.last_changed_by = identity.user
}

export async function saveTask(tx: Repos, task: TaskDoc, now: Date, identity: Identity): Promise<void> {
  stampTask(task, now, identity)
  await tx.tasks.update(task)
}

export interface DeletedProjectTasks {
  deleted: number
  taskIds: string[]
  artifactUrls: string[]
}

export async function deleteTasksOfProjects(
  tx: Repos, identity: Identity, projectIds: readonly string[], now: Date,
): Promise<DeletedProjectTasks> {
  if (projectIds.length === 0) return { deleted: 0, taskIds: [], artifactUrls: [] }
  const inProjects = and(isIn('company', [identity.company]), isIn('project', [...projectIds]))
  const tasks = await tx.tasks.find({ filter: inProjects })
  const taskIds = tasks.map((t) => t.id)
  if (taskIds.length === 0) return { deleted: 0, taskIds: [], artifactUrls: [] }
  // Filtered here: a SQL NOT IN never matches a task whose project is null.
  const inDeleted = new Set(projectIds)
  const children = await tx.tasks.find({ filter: and(isIn('company', [identity.company]), isIn('parent', taskIds)) })
  for (const child of children.filter((c) => !c.project || !inDeleted.has(c.project))) {
    child.parent = null
    await saveTask(tx, child, now, identity)
  }
  const artifactUrls = new Set<string>()
  for (const t of tasks) {
    for (const a of t.execution?.artifacts ?? []) if (a.mode === 'output' && a.uri) artifactUrls.add(a.uri)
  }
  const deleted = await tx.tasks.delete(taskIds)
  return { deleted, taskIds, artifactUrls: [...artifactUrls] }
}

export async function disassociateTasksFromProjects(
  tx: Repos, company: string, projectIds: readonly string[], now: Date,
): Promise<number> {
  if (projectIds.length === 0) return 0
  const tasks = await tx.tasks.find({ filter: and(isIn('company', [company]), isIn('project', [...projectIds])) })
  for (const t of tasks) {
    t.project = null
    t.last_update = toApiDate(now)
    await tx.tasks.update(t)
  }
  return tasks.length
}

export async function unlinkModelsFromTasks(
  tx: Repos, identity: Identity, modelIds: readonly string[], now: Date, o: { exceptProjects?: readonly string[] } = {},
): Promise<number> {
  if (modelIds.length === 0) return 0
  const ids = new Set(modelIds)
  const excluded = new Set(o.exceptProjects ?? [])
  // The filter language cannot look inside arrays of objects, so narrow to tasks with any model and check here.
  const withModels = await tx.tasks.find({
    filter: and(isIn('company', [identity.company]), or(not(empty(['models', 'input'])), not(empty(['models', 'output'])))),
  })
  const refersTo = (t: TaskDoc) => [...(t.models?.input ?? []), ...(t.models?.output ?? [])].some((r) => ids.has(r.model))
  const users = withModels.filter((t) => !(t.project && excluded.has(t.project)) && refersTo(t))
  for (const task of users) {
    task.models = { input: task.models?.input ?? [], output: task.models?.output ?? [] }
    for (const ref of task.models.input) if (ids.has(ref.model)) ref.model = DELETED_REF
    if (task.status === 'published') {
      for (const ref of task.models.output) if (ids.has(ref.model)) ref.model = DELETED_REF
    } else {
      task.models.output = task.models.output.filter((ref) => !ids.has(ref.model))
    }
    await saveTask(tx, task, now, identity)
  }
  return users.length
}
