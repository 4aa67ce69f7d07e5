// Workers as ClearML returns them from workers.get_all: the stored entry, with the current task's run time and
// iteration and each queue's name, next task and length filled in. Absent values are left out, not null.
import type { QueueDoc } from '../../domain/entities/queue.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { IdName, WorkerEntry } from '../../domain/workers/worker.js'

export interface WorkerLookups {
  queues: ReadonlyMap<string, QueueDoc>
  tasks: ReadonlyMap<string, TaskDoc>
  now: Date
}

const idName = (v: IdName): Record<string, unknown> => (v.name === undefined ? { id: v.id } : { id: v.id, name: v.name })

/** Milliseconds the task has run: ClearML's active_duration (kept by pings), else the time since it started. */
function runningTimeMs(task: TaskDoc, now: Date): number {
  if (typeof task.active_duration === 'number' && task.active_duration > 0) return Math.round(task.active_duration * 1000)
  if (task.status !== 'in_progress' || !task.started) return 0
  return Math.max(0, now.getTime() - Date.parse(task.started))
}

function presentQueue(id: string, l: WorkerLookups): Record<string, unknown> {
  const queue = l.queues.get(id)
  if (!queue) return { id }
  const out: Record<string, unknown> = { id, name: queue.name, num_tasks: queue.entries.length }
  if (queue.display_name) out.display_name = queue.display_name
  const next = queue.entries[0]?.task
  if (next) {
    const name = l.tasks.get(next)?.name
    out.next_task = name === undefined ? { id: next } : { id: next, name }
  }
  return out
}

export function presentWorker(w: WorkerEntry, l: WorkerLookups): Record<string, unknown> {
  const out: Record<string, unknown> = {
    key: w.key,
    id: w.id,
    user: idName(w.user),
    company: idName(w.company),
    ip: w.ip,
    register_time: w.register_time,
    register_timeout: w.register_timeout,
    last_activity_time: w.last_activity_time,
    tags: w.tags,
    system_tags: w.system_tags,
  }
  if (w.last_report_time) out.last_report_time = w.last_report_time
  if (w.task) {
    const task = l.tasks.get(w.task.id)
    const current = idName(w.task)
    if (task) {
      current.running_time = runningTimeMs(task, l.now)
      if (typeof task.last_iteration === 'number') current.last_iteration = task.last_iteration
    }
    out.task = current
  }
  if (w.project) out.project = idName(w.project)
  const queues = w.queues.map((id) => presentQueue(id, l))
  out.queues = queues
  // ClearML reports the task's queue only when it is one the worker listens to.
  const queue = w.queue ? queues.find((q) => q.id === w.queue) : undefined
  if (queue) out.queue = queue
  return out
}
