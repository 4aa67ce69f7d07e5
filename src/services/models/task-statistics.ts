// What model writes record on the task that produced the model (ClearML's TaskBLL.update_statistics).
import { toApiDate } from '../../domain/dates.js'
import type { Identity } from '../../domain/entities/user.js'
import type { Repos } from '../../store/store.js'
import { saveTask } from '../tasks/task-lookup.js'

/** ClearML's name for the output model that models.update_for_task records on a task. */
export const OUTPUT_MODEL_NAME = 'Output Model'

export interface TaskStatistics {
  now: Date
  /** Raises last_iteration to this value; never lowers it. */
  iteration?: number | null
  /** Makes this model the task's only output model. */
  outputModel?: string
}

/** A task outside the caller's company is left alone, as ClearML's company-scoped update does. */
export async function recordTaskStatistics(tx: Repos, identity: Identity, taskId: string, o: TaskStatistics): Promise<void> {
  const task = await tx.tasks.get(taskId)
  if (!task || task.company !== identity.company) return
  if (typeof o.iteration === 'number') task.last_iteration = Math.max(task.last_iteration ?? o.iteration, o.iteration)
  if (o.outputModel) {
    task.models = { input: task.models?.input ?? [], output: [{ name: OUTPUT_MODEL_NAME, model: o.outputModel, updated: toApiDate(o.now) }] }
  }
  await saveTask(tx, task, o.now, identity)
}
