// Which tasks may have their run parameters edited: ClearML freezes them once a task has run, so an edit needs
// `created`, or `in_progress` with force (the SDK edits a running task's parameters with force).
import { toApiDate } from '../../domain/dates.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { getTaskForWrite, saveTask } from './task-lookup.js'

/** Tasks the caller may read, in request order (400/101 naming every missing id). */
export async function readTasks(tx: Repos, identity: Identity, taskIds: string[]): Promise<TaskDoc[]> {
  const unique = [...new Set(taskIds)]
  const found = await tx.tasks.getMany(unique)
  const readable = new Map(found.filter((t) => t.company === identity.company || t.company === '').map((t) => [t.id, t]))
  const missing = unique.filter((id) => !readable.has(id))
  if (missing.length > 0) throw errors.invalidTaskId(undefined, { ids: missing })
  return unique.map((id) => readable.get(id) as TaskDoc)
}

export interface UpdateAccess {
  force?: boolean
  /** The `properties` hyperparameter section is user metadata, editable in any status. */
  anyStatus?: boolean
}

export async function getTaskForUpdate(tx: Repos, identity: Identity, id: string, o: UpdateAccess): Promise<TaskDoc> {
  const task = await getTaskForWrite(tx, identity, id)
  if (o.anyStatus) return task
  const allowed = o.force ? ['created', 'in_progress'] : ['created']
  if (!allowed.includes(task.status)) throw errors.invalidTaskStatus(undefined, { expected: 'created', status: task.status })
  return task
}

/** Saves an edit; metadata-only edits (properties) record who changed the task without bumping last_update. */
export async function saveEdit(tx: Repos, task: TaskDoc, o: { now: Date; identity: Identity; touchLastUpdate: boolean }): Promise<void> {
  if (o.touchLastUpdate) return saveTask(tx, task, o.now, o.identity)
  await tx.tasks.update({ ...task, last_change: toApiDate(o.now), last_changed_by: o.identity.user })
}

/** ClearML strips parameter and configuration keys and refuses empty ones (400/12). */
export function cleanKey(key: string, what: string): string {
  const clean = key.trim()
  if (!clean) throw errors.validation(`Empty ${what} name is not allowed`)
  return clean
}

/** Drops undefined fields so stored items hold only what the client sent. */
export function compact<T extends object>(item: T): T {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined)) as T
}
