// tasks.stop is a request, not a transition: a task run by a live worker only gets status_message "stopping",
// which the agent polls for (TaskStopSignal) before it stops the run and reports tasks.stopped itself.
import { parseApiDate } from '../../domain/dates.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { and, eq } from '../../domain/query/filter.js'
import type { Repos } from '../../store/store.js'
import { changeStatus, DEVELOPMENT_TAG, type StatusUpdate } from './status-change.js'
import { getTaskForWrite } from './task-lookup.js'
import { removeTaskFromQueues } from '../queues/queue-ops.js'

export const STOPPING_MESSAGE = 'stopping'

export interface StopOptions {
  now: Date
  force: boolean
  reason: string
  includePipelineSteps: boolean
  /** apiserver.workers.task_update_timeout: a worker that updated the task within it is alive. */
  taskUpdateTimeoutSec: number
}

export async function stopTask(tx: Repos, identity: Identity, taskId: string, o: StopOptions): Promise<StatusUpdate> {
  const task = await getTaskForWrite(tx, identity, taskId)
  if (o.includePipelineSteps && task.type === 'controller') {
    const steps = await tx.tasks.find({ filter: and(eq('company', identity.company), eq('parent', task.id)) })
    for (const step of steps) await stopOne(tx, identity, step, { ...o, force: true })
  }
  return stopOne(tx, identity, task, o)
}

async function stopOne(tx: Repos, identity: Identity, task: TaskDoc, o: StopOptions): Promise<StatusUpdate> {
  const isQueued = task.status === 'queued'
  const stopNow = isQueued || (task.system_tags ?? []).includes(DEVELOPMENT_TAG) || !isRunByWorker(task, o)
  if (!stopNow) {
    return changeStatus(tx, task, task.status, { identity, now: o.now, force: o.force, reason: o.reason, message: STOPPING_MESSAGE })
  }
  // A queued task leaves its queue but keeps status `queued` until the change below (queued → stopped is allowed).
  const queueId = task.execution?.queue
  if (isQueued && queueId) await removeTaskFromQueues(tx, task.company, task.id, queueId)
  return changeStatus(tx, task, 'stopped', {
    identity, now: o.now, force: o.force, reason: o.reason, message: `Stopped by ${identity.userName}`,
  })
}

function isRunByWorker(task: TaskDoc, o: StopOptions): boolean {
  const lastUpdate = parseApiDate(task.last_update)
  if (!task.last_worker || !lastUpdate) return false
  return (o.now.getTime() - lastUpdate.getTime()) / 1000 < o.taskUpdateTimeoutSec
}
