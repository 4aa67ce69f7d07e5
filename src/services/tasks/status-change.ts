// The one way a task's status changes. Every status endpoint (and tasks.reset/delete/archive, queues.*) goes
// through changeStatus so the transition rules, the bookkeeping fields and the concurrency check live in one place.
import { toApiDate } from '../../domain/dates.js'
import type { TaskDoc, TaskStatus } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { canTransition } from '../../domain/tasks/status.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { touchProject } from '../projects/project-lookup.js'
import { removeTaskFromQueues } from '../queues/queue-ops.js'

export const DEVELOPMENT_TAG = 'development'

export interface ChangeStatusOptions {
  identity: Identity
  now: Date
  /** Skips the transition check (never the concurrency check). */
  force?: boolean
  reason?: string
  message?: string
  /** More fields written in the same update; `undefined` values remove the field. */
  extra?: Partial<TaskDoc>
  /** The status the caller expects the stored task to have, when it is not `task.status`. */
  from?: TaskStatus
}

export interface StatusUpdate {
  updated: number
  fields: Record<string, unknown>
}

/** Moves `task` to `to` (400/110 on a transition the state machine forbids, 400/121 when the stored status is no
 *  longer the one the caller read). The fields are written onto the stored document, so unsaved in-memory edits of
 *  `task` are not persisted (pass them in `extra`); afterwards `task` mirrors what was stored. */
export async function changeStatus(tx: Repos, task: TaskDoc, to: TaskStatus, o: ChangeStatusOptions): Promise<StatusUpdate> {
  const from = o.from ?? task.status
  if (!o.force && !canTransition(from, to)) {
    throw errors.invalidTaskStatus('Invalid status change', { current_status: from, new_status: to })
  }
  // ClearML updates with a query on the expected status, so a writer that changed it first makes this one fail.
  const stored = await tx.tasks.get(task.id)
  if (!stored || stored.status !== from) {
    throw errors.failedChangingTaskStatus(undefined, { task_id: task.id, current_status: from, new_status: to })
  }
  const now = toApiDate(o.now)
  const fields: Record<string, unknown> = {
    status: to,
    status_reason: o.reason ?? '',
    status_message: o.message ?? '',
    status_changed: now,
    last_update: now,
    last_change: now,
    last_changed_by: o.identity.user,
    ...o.extra,
  }
  const next: TaskDoc = { ...stored, ...fields } as TaskDoc
  if (to === 'queued') next.system_tags = (stored.system_tags ?? []).filter((t) => t !== DEVELOPMENT_TAG)
  await tx.tasks.update(next)
  Object.assign(task, next)
  await touchProject(tx, stored.project, o.now)
  return { updated: 1, fields }
}

export interface DequeueOptions {
  identity: Identity
  now: Date
  /** The status to return to; default: the status before enqueueing, else `created`. */
  newStatus?: TaskStatus
  /** Used instead of `newStatus` when the task is already running (archive/delete abort a running task as stopped). */
  newStatusIfRunning?: TaskStatus
  reason?: string
  message?: string
  /** Also drops the task from every other queue it is listed in. */
  removeFromAllQueues?: boolean
}

export interface DequeueResult extends StatusUpdate {
  /** Queue entries removed for this task. */
  dequeued: number
}

/** Takes the task out of its queue and, when it is queued or running, back to a non-queued status (always allowed,
 *  as in ClearML). A task in any other status is left as is: `updated` 0. */
export async function dequeueTask(tx: Repos, task: TaskDoc, o: DequeueOptions): Promise<DequeueResult> {
  let dequeued = 0
  const queueId = task.execution?.queue
  if (task.status === 'queued' && queueId) dequeued += await removeTaskFromQueues(tx, task.company, task.id, queueId)
  if (o.removeFromAllQueues) dequeued += await removeTaskFromQueues(tx, task.company, task.id)
  if (task.status !== 'queued' && task.status !== 'in_progress') return { dequeued, updated: 0, fields: {} }
  const ifRunning = task.status === 'in_progress' ? o.newStatusIfRunning : undefined
  const to = ifRunning ?? o.newStatus ?? asStatus(task.enqueue_status) ?? 'created'
  const res = await changeStatus(tx, task, to, {
    identity: o.identity, now: o.now, force: true, reason: o.reason, message: o.message, extra: { enqueue_status: null },
  })
  return { dequeued, ...res }
}

function asStatus(value: string | null | undefined): TaskStatus | undefined {
  return value ? (value as TaskStatus) : undefined
}
