// The entries of a queue: add, remove, clear, reorder, peek, count and pop (queues.get_next_task).
import { toApiDate } from '../../domain/dates.js'
import type { QueueDoc } from '../../domain/entities/queue.js'
import type { Identity } from '../../domain/entities/user.js'
import { moveEntry, type Move } from '../../domain/queues/entries.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { addTaskToQueue, getQueue, saveQueueEntries } from './queue-ops.js'
import { revertRemovedTasks, type RemovalContext } from './removal.js'

export interface NextTask {
  entry?: { task: string; added: string }
  task_info?: { company: string; user: string }
}

/** 400/703 unless the queue exists in the caller's company and lists the task. */
async function getQueueWithTask(tx: Repos, company: string, queueId: string, taskId: string): Promise<QueueDoc> {
  const queue = await tx.queues.get(queueId)
  if (!queue || queue.company !== company || !queue.entries.some((e) => e.task === taskId)) {
    throw errors.taskNotQueued(undefined, { task: taskId, id: queueId, company })
  }
  return queue
}

export function createQueueEntriesService({ store, clock, log }: ServiceDeps) {
  const removal = (identity: Identity, reason: string): RemovalContext => ({
    identity, now: clock(), reason,
    onSkip: (task, err) => log.error({ task, err }, 'failed updating task status on removal from queue'),
  })

  return {
    addTask: (identity: Identity, queueId: string, taskId: string, updateExecutionQueue: boolean) =>
      store.transaction(async (tx) => {
        const queue = await getQueue(tx, identity.company, queueId)
        await addTaskToQueue(tx, queue, taskId, clock())
        const task = updateExecutionQueue ? await tx.tasks.get(taskId) : undefined
        // Only the pointer changes, as in ClearML: no status change and no last_update.
        if (task && task.company === identity.company) await tx.tasks.update({ ...task, execution: { ...task.execution, queue: queueId } })
        return { added: 1 }
      }),

    removeTask: (identity: Identity, queueId: string, taskId: string, updateTaskStatus: boolean) =>
      store.transaction(async (tx) => {
        const queue = await getQueueWithTask(tx, identity.company, queueId, taskId)
        const kept = queue.entries.filter((e) => e.task !== taskId)
        const now = clock()
        await saveQueueEntries(tx, { ...queue, entries: kept, last_update: toApiDate(now) }, now)
        if (updateTaskStatus) {
          await revertRemovedTasks(tx, queueId, [taskId], removal(identity, `Task was removed from the queue ${queueId}`))
        }
        return { removed: queue.entries.length - kept.length }
      }),

    clearQueue: (identity: Identity, queueId: string) =>
      store.transaction(async (tx) => {
        const queue = await getQueue(tx, identity.company, queueId)
        if (queue.entries.length === 0) return { removed_tasks: [] }
        const ids = queue.entries.map((e) => e.task)
        const removed = await revertRemovedTasks(tx, queueId, ids, removal(identity, `Queue ${queueId} was cleared`))
        const now = clock()
        await saveQueueEntries(tx, { ...queue, entries: [], last_update: toApiDate(now) }, now)
        return { removed_tasks: removed }
      }),

    moveTask: (identity: Identity, queueId: string, taskId: string, move: Move) =>
      store.transaction(async (tx) => {
        const queue = await getQueueWithTask(tx, identity.company, queueId, taskId)
        const moved = moveEntry(queue.entries, taskId, move)!
        const unchanged = moved.entries.every((e, i) => e === queue.entries[i])
        if (!unchanged) await tx.queues.update({ ...queue, entries: moved.entries })
        return { position: moved.position }
      }),

    peekTask: (identity: Identity, queueId: string) =>
      store.read(async (tx) => {
        const queue = await getQueue(tx, identity.company, queueId)
        return { task: queue.entries[0]?.task ?? null }
      }),

    numEntries: (identity: Identity, queueId: string) =>
      store.read(async (tx) => ({ num: (await getQueue(tx, identity.company, queueId)).entries.length })),

    /** Pops the head entry. Runs as one store transaction (BEGIN IMMEDIATE on SQLite), so two agents polling the
     *  same queue can never both receive one task. With `expectedTask`, pops only when that task is at the head. */
    getNextTask: (identity: Identity, queueId: string, o: { expectedTask?: string | null; withTaskInfo: boolean }) =>
      store.transaction(async (tx): Promise<NextTask> => {
        const queue = await getQueue(tx, identity.company, queueId)
        const [head, ...rest] = queue.entries
        if (!head || (o.expectedTask && head.task !== o.expectedTask)) return {}
        const now = clock()
        await saveQueueEntries(tx, { ...queue, entries: rest, last_update: toApiDate(now) }, now)
        const result: NextTask = { entry: { task: head.task, added: head.added } }
        const task = await tx.tasks.get(head.task)
        if (!task) return result
        // An agent may have aborted the task after it was put back in the queue; it is queued again now.
        if (task.status === 'stopped') await tx.tasks.update({ ...task, status: 'queued' })
        if (o.withTaskInfo) result.task_info = { company: task.company, user: task.user }
        return result
      }),
  }
}

export type QueueEntriesService = ReturnType<typeof createQueueEntriesService>
