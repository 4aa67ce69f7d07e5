// Queue documents as ClearML returns them. Containers are never null; entries may be cut to max_task_entries.
import type { QueueDoc, QueueEntry } from '../../domain/entities/queue.js'

/** Mongo's $slice: a positive n keeps the first n entries, a negative n the last |n|; 0 or none keeps all. */
export function sliceEntries<E>(entries: readonly E[], maxTaskEntries: number | null | undefined): E[] {
  if (!maxTaskEntries) return [...entries]
  return maxTaskEntries > 0 ? entries.slice(0, maxTaskEntries) : entries.slice(maxTaskEntries)
}

export function presentQueue(queue: QueueDoc, maxTaskEntries?: number | null): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: queue.id,
    company: queue.company,
    name: queue.name,
    created: queue.created,
    tags: queue.tags ?? [],
    system_tags: queue.system_tags ?? [],
    entries: sliceEntries(queue.entries ?? [], maxTaskEntries).map((e) => ({ task: e.task, added: e.added })),
    metadata: queue.metadata ?? {},
  }
  if (queue.display_name !== undefined && queue.display_name !== null) out.display_name = queue.display_name
  if (queue.user) out.user = queue.user
  if (queue.last_update) out.last_update = queue.last_update
  return out
}

export interface QueueWorker {
  name: string
  ip?: string | null
  key?: string
  task?: Record<string, unknown> | null
}

/** get_all_ex: entries carry the task as {id, name}, and the queue lists the workers serving it. */
export function presentQueueEx(
  queue: QueueDoc, o: { maxTaskEntries?: number | null; taskNames: ReadonlyMap<string, string>; workers: readonly QueueWorker[] },
): Record<string, unknown> {
  const out = presentQueue(queue, o.maxTaskEntries)
  out.entries = (out.entries as QueueEntry[]).map((e) => {
    const name = o.taskNames.get(e.task)
    return { task: name === undefined ? { id: e.task } : { id: e.task, name }, added: e.added }
  })
  out.workers = o.workers.map((w) => ({ ...w }))
  return out
}
