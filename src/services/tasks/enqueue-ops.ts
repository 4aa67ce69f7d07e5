// Enqueue and dequeue of one task, inside the caller's transaction (tasks.enqueue/_many, tasks.dequeue/_many,
// pipelines.start_pipeline). The queue side (entries, default queue, metrics) belongs to queues/queue-ops.ts.
import type { TaskDoc, TaskStatus } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { eq } from '../../domain/query/filter.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { addTaskToQueue, removeTaskFromQueues, resolveEnqueueQueue } from '../queues/queue-ops.js'
import { changeStatus, dequeueTask, type StatusUpdate } from './status-change.js'
import { DELETED_REF, getTaskForWrite } from './task-lookup.js'

export interface EnqueueOptions {
  now: Date
  newId: () => string
  queue?: string
  queueName?: string
  force?: boolean
  reason?: string
  message?: string
  /** Check the task's references (parent, project, input models) first: enqueue_many's validate_tasks. */
  validate?: boolean
  /** false: only re-queue a queued task, leaving execution.queue as it is (API 2.31). */
  updateExecutionQueue?: boolean
}

export interface EnqueueResult extends StatusUpdate {
  queued: number
  /** The queue the task went into. */
  queueId: string
}

export async function enqueueTask(tx: Repos, identity: Identity, taskId: string, o: EnqueueOptions): Promise<EnqueueResult> {
  if (o.queue && o.queueName) throw errors.validation('Either queue id or queue name should be provided')
  const task = await getTaskForWrite(tx, identity, taskId)
  const updateExecutionQueue = o.updateExecutionQueue ?? true
  if (!updateExecutionQueue && !(task.status === 'queued' && task.execution?.queue)) {
    throw errors.validation('Cannot skip setting execution queue for a task that is not enqueued or does not have execution queue set')
  }
  const target = { queue: o.queue, queueName: o.queueName }
  // As in ClearML: a name or the default queue is resolved before the status changes, a queue id only when adding.
  const early = o.queue ? undefined : await resolveEnqueueQueue(tx, identity, target, o.now, o.newId)
  if (o.validate) await validateReferences(tx, identity, task)
  // Re-enqueueing a queued task keeps the status it had before its first enqueue, so dequeue returns to it.
  const enqueueStatus = task.status === 'queued' && task.enqueue_status ? task.enqueue_status : task.status
  const res = await changeStatus(tx, task, 'queued', {
    identity, now: o.now, force: o.force, reason: o.reason, message: o.message, extra: { enqueue_status: enqueueStatus },
  })
  const queue = early ?? (await resolveEnqueueQueue(tx, identity, target, o.now, o.newId))
  await addTaskToQueue(tx, queue, task.id, o.now)
  if (updateExecutionQueue) {
    await tx.tasks.update({ ...task, execution: { ...task.execution, queue: queue.id } })
    res.fields['execution.queue'] = queue.id
  }
  await removeFromOtherQueues(tx, task, queue.id)
  return { queued: 1, ...res, queueId: queue.id }
}

async function removeFromOtherQueues(tx: Repos, task: TaskDoc, keepQueueId: string): Promise<void> {
  const queues = await tx.queues.find({ filter: eq('company', task.company) })
  for (const q of queues) {
    if (q.id !== keepQueueId && q.entries.some((e) => e.task === task.id)) await removeTaskFromQueues(tx, task.company, task.id, q.id)
  }
}

async function validateReferences(tx: Repos, identity: Identity, task: TaskDoc): Promise<void> {
  if (task.parent && !task.parent.startsWith(DELETED_REF)) {
    const parent = await tx.tasks.get(task.parent)
    if (!parent || (parent.company !== task.company && parent.company !== '')) {
      throw errors.invalidTaskId('invalid parent', { parent: task.parent })
    }
  }
  if (task.project) {
    const project = await tx.projects.get(task.project)
    if (!project || project.company !== task.company) throw errors.invalidProjectId(undefined, { id: task.project })
  }
  for (const ref of task.models?.input ?? []) {
    if (ref.model.startsWith(DELETED_REF)) continue
    const model = await tx.models.get(ref.model)
    if (!model || (model.company !== identity.company && model.company !== '')) {
      throw errors.invalidModelId(undefined, { model: ref.model })
    }
  }
}

export interface DequeueRequestOptions {
  now: Date
  newStatus?: TaskStatus
  removeFromAllQueues?: boolean
  reason?: string
  message?: string
}

/** tasks.dequeue: like ClearML, a task that does not exist is only purged from every queue (`updated` 0). */
export async function dequeueById(
  tx: Repos, identity: Identity, taskId: string, o: DequeueRequestOptions,
): Promise<{ dequeued: number } & StatusUpdate> {
  const found = await tx.tasks.get(taskId)
  if (!found || (found.company !== identity.company && found.company !== '')) {
    await removeTaskFromQueues(tx, identity.company, taskId)
    return { dequeued: 1, updated: 0, fields: {} }
  }
  const task = await getTaskForWrite(tx, identity, taskId)
  const res = await dequeueTask(tx, task, { identity, ...o })
  return { dequeued: 1, updated: res.updated, fields: res.fields }
}
