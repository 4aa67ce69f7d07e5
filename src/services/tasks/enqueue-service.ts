// tasks.enqueue / enqueue_many / dequeue / dequeue_many: one transaction per task, so a failed enqueue leaves
// neither a changed status nor a queue entry behind.
import type { TaskStatus } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'
import { runBatch } from '../common/batch.js'
import type { ServiceDeps } from '../deps.js'
import { dequeueById, enqueueTask } from './enqueue-ops.js'

/** Whether any worker listens to the queue (verify_watched_queue). */
export type QueueWatchCheck = (company: string, queueId: string) => Promise<boolean>

export interface EnqueueInput {
  queue?: string
  queue_name?: string
  status_reason: string
  status_message: string
  verify_watched_queue: boolean
}

export interface DequeueInput {
  status_reason: string
  status_message: string
  remove_from_all_queues: boolean
  new_status?: TaskStatus
}

export function createTaskEnqueueService(deps: ServiceDeps, isQueueWatched: QueueWatchCheck = async () => false) {
  const { store, clock, ids } = deps

  const enqueueOne = (identity: Identity, taskId: string, req: EnqueueInput, more: { force?: boolean; validate?: boolean; updateExecutionQueue?: boolean }) =>
    store.transaction((tx) => enqueueTask(tx, identity, taskId, {
      now: clock(), newId: ids, queue: req.queue, queueName: req.queue_name, reason: req.status_reason, message: req.status_message, ...more,
    }))

  const dequeueOne = (identity: Identity, taskId: string, req: DequeueInput) =>
    store.transaction((tx) => dequeueById(tx, identity, taskId, {
      now: clock(), newStatus: req.new_status, removeFromAllQueues: req.remove_from_all_queues,
      reason: req.status_reason, message: req.status_message,
    }))

  return {
    async enqueue(identity: Identity, taskId: string, req: EnqueueInput & { force: boolean; update_execution_queue: boolean }) {
      // Without updating execution.queue there is no queue to report on.
      if (req.verify_watched_queue && !req.update_execution_queue) {
        throw errors.validation('verify_watched_queue cannot be used with update_execution_queue=False')
      }
      const { queueId, ...res } = await enqueueOne(identity, taskId, req, { force: req.force, updateExecutionQueue: req.update_execution_queue })
      if (!req.verify_watched_queue) return res
      return { ...res, queue_watched: await isQueueWatched(identity.company, queueId) }
    },

    async enqueueMany(identity: Identity, req: EnqueueInput & { ids: string[]; validate_tasks: boolean }) {
      const queueIds: string[] = []
      const res = await runBatch(req.ids, async (id) => {
        const { queueId, queued, ...rest } = await enqueueOne(identity, id, req, { validate: req.validate_tasks })
        queueIds.push(queueId)
        return { id, queued: Boolean(queued), ...rest }
      })
      // ClearML answers for the queue of the first task enqueued (they all go to the same one).
      if (!req.verify_watched_queue || queueIds.length === 0) return res
      return { ...res, queue_watched: await isQueueWatched(identity.company, queueIds[0]) }
    },

    dequeue: (identity: Identity, taskId: string, req: DequeueInput) => dequeueOne(identity, taskId, req),

    dequeueMany: (identity: Identity, req: DequeueInput & { ids: string[] }) =>
      runBatch(req.ids, async (id) => {
        const { dequeued, ...rest } = await dequeueOne(identity, id, req)
        return { id, dequeued: Boolean(dequeued), ...rest }
      }),
  }
}

export type TaskEnqueueService = ReturnType<typeof createTaskEnqueueService>
