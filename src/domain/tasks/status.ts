// The task state machine, as ClearML enforces it. Clients (the agent above all) rely on exactly these
// transitions: e.g. a failed task may be re-enqueued, a completed one may go back to in_progress (continued runs).
import type { TaskStatus } from '../entities/task.js'

const TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  created: ['queued', 'in_progress'],
  queued: ['created', 'in_progress', 'stopped'],
  in_progress: ['stopped', 'failed', 'created', 'completed'],
  stopped: ['closed', 'created', 'failed', 'queued', 'in_progress', 'published', 'publishing', 'completed'],
  closed: ['created', 'failed', 'published', 'publishing', 'stopped'],
  failed: ['created', 'stopped', 'published', 'queued'],
  publishing: ['published'],
  published: [],
  completed: ['published', 'in_progress', 'created'],
  // ClearML has no entry for `unknown`: nothing leaves it without force.
  unknown: [],
}

/** Whether `from → to` is allowed without force. Staying in the same status is always allowed. */
export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return from === to || (TRANSITIONS[from]?.includes(to) ?? false)
}

/** The statuses a task may move to from `from` (the same status excluded). */
export function nextStatuses(from: TaskStatus): readonly TaskStatus[] {
  return TRANSITIONS[from] ?? []
}
