// Queue operations other services run inside their own transaction (tasks.enqueue, tasks.dequeue, tasks.reset,
// tasks.delete…). Every change of a queue's entries also records a metrics sample, so queues.get_queue_metrics
// sees changes made through the tasks service too.
//
// removeTaskFromQueues(tx, company, taskId, queueId?): with `queueId`, only that queue; without it, every queue of
// the company. tasks.enqueue calls it without a queue id before addTaskToQueue, which is how ClearML's
// "remove from all other queues" comes out (the task is in none when it is added).
import type { Identity } from '../../domain/entities/user.js'
import type { QueueDoc } from '../../domain/entities/queue.js'
import { toApiDate } from '../../domain/dates.js'
import { and, eq } from '../../domain/query/filter.js'
import { queueSample } from '../../domain/queues/metrics.js'
import { checkQueueName } from '../../domain/queues/names.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'

export const DEFAULT_QUEUE_NAME = 'default'
export const DEFAULT_QUEUE_TAG = 'default'

export interface EnqueueTarget {
  queue?: string
  queueName?: string
}

/** The queue a task is enqueued into: by id (400/701), by name (created when missing), else the default queue. */
export async function resolveEnqueueQueue(
  tx: Repos, identity: Identity, target: EnqueueTarget, now: Date, newId: () => string,
): Promise<QueueDoc> {
  if (target.queue && target.queueName) {
    throw errors.validation('Either queue id or queue name should be provided')
  }
  if (target.queueName) {
    const [found] = await tx.queues.find({ filter: and(eq('company', identity.company), eq('name', target.queueName)), limit: 1 })
    if (found) return found
    const created = newQueueDoc({ id: newId(), company: identity.company, name: checkQueueName(target.queueName), now })
    await tx.queues.insert(created)
    return created
  }
  if (target.queue) return getQueue(tx, identity.company, target.queue)
  return getDefaultQueue(tx, identity.company)
}

export async function getQueue(tx: Repos, company: string, id: string): Promise<QueueDoc> {
  const queue = await tx.queues.get(id)
  if (!queue || queue.company !== company) throw errors.invalidQueueId(undefined, { id })
  return queue
}

/** The one queue tagged `default` (400/707 when none, 400/708 when several). */
export async function getDefaultQueue(tx: Repos, company: string): Promise<QueueDoc> {
  const found = await tx.queues.find({ filter: and(eq('company', company), eq('system_tags', DEFAULT_QUEUE_TAG)) })
  if (found.length === 0) throw errors.noDefaultQueue()
  if (found.length > 1) throw errors.multipleDefaultQueues(undefined, { queues: found.map((q) => q.id) })
  return found[0]
}

/** Appends the task at the back of the queue (400/706 when it is already there). */
export async function addTaskToQueue(tx: Repos, queue: QueueDoc, taskId: string, now: Date): Promise<void> {
  const current = (await tx.queues.get(queue.id)) ?? queue
  if (current.entries.some((e) => e.task === taskId)) throw errors.taskAlreadyQueued(undefined, { task: taskId })
  const updated: QueueDoc = { ...current, entries: [...current.entries, { task: taskId, added: toApiDate(now) }], last_update: toApiDate(now) }
  await saveQueueEntries(tx, updated, now)
  queue.entries = updated.entries
  queue.last_update = updated.last_update
}

/** Removes every entry of the task from one queue or from all the company's queues; returns how many went. */
export async function removeTaskFromQueues(
  tx: Repos, company: string, taskId: string, queueId?: string, now: Date = new Date(),
): Promise<number> {
  const queues = queueId
    ? (await tx.queues.getMany([queueId])).filter((q) => q.company === company)
    : await tx.queues.find({ filter: eq('company', company) })
  let removed = 0
  for (const queue of queues) {
    const kept = queue.entries.filter((e) => e.task !== taskId)
    if (kept.length === queue.entries.length) continue
    removed += queue.entries.length - kept.length
    await saveQueueEntries(tx, { ...queue, entries: kept, last_update: toApiDate(now) }, now)
  }
  return removed
}

/** Writes a queue whose entries changed, with the metrics sample that change produces. */
export async function saveQueueEntries(tx: Repos, queue: QueueDoc, now: Date): Promise<void> {
  await tx.queues.update(queue)
  await tx.queueMetrics.add(queueSample(queue, now))
}

export function newQueueDoc(o: {
  id: string; company: string; name: string; now: Date; displayName?: string | null; user?: string
  tags?: string[]; systemTags?: string[]; metadata?: QueueDoc['metadata']
}): QueueDoc {
  const now = toApiDate(o.now)
  const doc: QueueDoc = {
    id: o.id, company: o.company, name: o.name, created: now, last_update: now,
    tags: o.tags ?? [], system_tags: o.systemTags ?? [], entries: [], metadata: o.metadata ?? {},
  }
  if (o.displayName !== undefined && o.displayName !== null) doc.display_name = o.displayName
  if (o.user) doc.user = o.user
  return doc
}

/** At every start, as ClearML does: a default company without any queue gets `default`, tagged as the default. */
export async function ensureDefaultQueue(deps: ServiceDeps): Promise<void> {
  const { store, clock, ids, config } = deps
  const company = config.defaultCompany
  await store.transaction(async (tx) => {
    // Any queue at all counts: an operator who deleted or renamed `default` keeps that choice across restarts.
    if ((await tx.queues.count(eq('company', company))) > 0) return
    await tx.queues.insert(newQueueDoc({ id: ids(), company, name: DEFAULT_QUEUE_NAME, now: clock(), systemTags: [DEFAULT_QUEUE_TAG] }))
  })
}
