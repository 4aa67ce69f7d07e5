// tasks.add_or_update_model / delete_models (a task's named input and output model references) and
// tasks.set_requirements (the agent's pip freeze of the environment it built).
import { parseApiDate, toApiDate } from '../../domain/dates.js'
import type { ModelRef } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { getTaskForUpdate, saveEdit } from './params-access.js'
import { getTaskForWrite, saveTask } from './task-lookup.js'
import { activeDurationSec } from '../../domain/tasks/active-duration.js'

// ClearML checks these with force=true: created and running tasks may change their model references.
const RUNNING_ALLOWED = { force: true }

export interface AddOrUpdateModel {
  now: Date
  name: string
  model: string
  type: 'input' | 'output'
  /** Raises the task's last_iteration to at least this. */
  iteration?: number
}

/** Replaces the reference with the same name in place, else appends it. */
export async function addOrUpdateModel(tx: Repos, identity: Identity, taskId: string, o: AddOrUpdateModel): Promise<number> {
  const task = await getTaskForUpdate(tx, identity, taskId, RUNNING_ALLOWED)
  const ref: ModelRef = { name: o.name, model: o.model, updated: toApiDate(o.now) }
  const current = task.models?.[o.type] ?? []
  const exists = current.some((m) => m.name === o.name)
  const refs = exists ? current.map((m) => (m.name === o.name ? ref : m)) : [...current, ref]
  task.models = { input: task.models?.input ?? [], output: task.models?.output ?? [], [o.type]: refs }
  if (o.iteration !== undefined) task.last_iteration = Math.max(task.last_iteration ?? 0, o.iteration)
  // Like any statistics update, this counts as activity of a running task.
  const started = task.status === 'in_progress' ? parseApiDate(task.started) : undefined
  if (started) task.active_duration = activeDurationSec(started, o.now)
  await saveTask(tx, task, o.now, identity)
  return 1
}

export async function deleteModels(
  tx: Repos, identity: Identity, taskId: string, o: { now: Date; models: { name: string; type: 'input' | 'output' }[] },
): Promise<number> {
  const task = await getTaskForUpdate(tx, identity, taskId, RUNNING_ALLOWED)
  const drop = (type: 'input' | 'output') => new Set(o.models.filter((m) => m.type === type).map((m) => m.name))
  const input = drop('input')
  const output = drop('output')
  task.models = {
    input: (task.models?.input ?? []).filter((m) => !input.has(m.name)),
    output: (task.models?.output ?? []).filter((m) => !output.has(m.name)),
  }
  await saveEdit(tx, task, { now: o.now, identity, touchLastUpdate: false })
  return 1
}

/** Any status: the agent records the environment of a task it is already running. 400/122 without a script. */
export async function setRequirements(
  tx: Repos, identity: Identity, taskId: string, o: { now: Date; requirements: Record<string, unknown> },
) {
  const task = await getTaskForWrite(tx, identity, taskId)
  if (!task.script) throw errors.missingTaskFields('Task has no script field', { task: task.id })
  task.script = { ...task.script, requirements: o.requirements }
  await saveTask(tx, task, o.now, identity)
  return { updated: 1, fields: { 'script.requirements': o.requirements } }
}
