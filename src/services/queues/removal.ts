// What happens to tasks taken off a queue by queues.delete (force), clear_queue and remove_task
// (update_task_status): each task still pointing at that queue returns to the status it had before it was
// enqueued (else `created`), forgets its enqueue status and loses execution.queue.
import type { TaskDoc, TaskStatus } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { isApiError } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { changeStatus } from '../tasks/status-change.js'

export interface RemovalContext {
  identity: Identity
  now: Date
  reason: string
  /** ClearML logs and skips a task whose status cannot change; so do we. */
  onSkip: (taskId: string, err: Error) => void
}

/** Returns the ids of the tasks that were in the queue (execution.queue) and so were considered. */
export async function revertRemovedTasks(tx: Repos, queueId: string, taskIds: readonly string[], c: RemovalContext): Promise<string[]> {
  const unique = [...new Set(taskIds)]
  const found = new Map((await tx.tasks.getMany(unique)).map((t) => [t.id, t]))
  const touched: string[] = []
  for (const id of unique) {
    const task = found.get(id)
    if (!task || task.company !== c.identity.company || task.execution?.queue !== queueId) continue
    touched.push(id)
    try {
      await revertTask(tx, task, c)
    } catch (err) {
      if (!isApiError(err)) throw err
      c.onSkip(id, err)
    }
  }
  return touched
}

async function revertTask(tx: Repos, task: TaskDoc, c: RemovalContext): Promise<void> {
  const execution = { ...task.execution }
  delete execution.queue
  const to = (task.enqueue_status || 'created') as TaskStatus
  await changeStatus(tx, task, to, {
    identity: c.identity, now: c.now, force: true, reason: c.reason, message: '',
    extra: { enqueue_status: null, execution },
  })
}
