// workers.get_all / get_count, and the worker lookups other services use (queues.get_all_ex's workers,
// verify_watched_queue on enqueue and pipelines.start_pipeline).
import type { QueueDoc } from '../../domain/entities/queue.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { isSeenWithin, matchesPattern, matchesTags, type WorkerEntry } from '../../domain/workers/worker.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import type { QueueWorker } from '../queues/present.js'
import { presentWorker } from './present.js'
import type { WorkerFilters } from './schemas.js'

/** ClearML's get_all default window; get_count defaults to no window. */
const GET_ALL_LAST_SEEN_SEC = 3600

async function findWorkers(tx: Repos, company: string, now: Date, f: WorkerFilters, defaultLastSeen: number): Promise<WorkerEntry[]> {
  const lastSeen = f.last_seen === undefined ? defaultLastSeen : f.last_seen
  return (await tx.workers.list(company, now)).filter((w) =>
    isSeenWithin(w, now, lastSeen) && matchesTags(w, f.tags, f.system_tags) && matchesPattern(w.id, f.worker_pattern))
}

async function loadLookups(tx: Repos, company: string, workers: readonly WorkerEntry[]) {
  const queueIds = [...new Set(workers.flatMap((w) => w.queues))]
  const queues = (await tx.queues.getMany(queueIds)).filter((q) => q.company === company)
  const taskIds = new Set<string>()
  for (const w of workers) if (w.task) taskIds.add(w.task.id)
  for (const q of queues) if (q.entries[0]) taskIds.add(q.entries[0].task)
  const tasks = (await tx.tasks.getMany([...taskIds])).filter((t) => t.company === company || t.company === '')
  return {
    queues: new Map<string, QueueDoc>(queues.map((q) => [q.id, q])),
    tasks: new Map<string, TaskDoc>(tasks.map((t) => [t.id, t])),
  }
}

export function createWorkerListing({ store, clock }: ServiceDeps) {
  return {
    getAll: (identity: Identity, filters: WorkerFilters) =>
      store.read(async (tx) => {
        const now = clock()
        const workers = await findWorkers(tx, identity.company, now, filters, GET_ALL_LAST_SEEN_SEC)
        const lookups = await loadLookups(tx, identity.company, workers)
        return { workers: workers.map((w) => presentWorker(w, { ...lookups, now })) }
      }),

    getCount: (identity: Identity, filters: WorkerFilters) =>
      store.read(async (tx) => ({ count: (await findWorkers(tx, identity.company, clock(), filters, 0)).length })),

    /** Live workers by the queues they listen to: the `workers` of queues.get_all_ex. */
    queueWorkers: (company: string) =>
      store.read(async (tx) => {
        const byQueue = new Map<string, QueueWorker[]>()
        for (const w of await tx.workers.list(company, clock())) {
          const worker: QueueWorker = { name: w.id, ip: w.ip, key: w.key, task: w.task ? { ...w.task } : null }
          for (const q of w.queues) byQueue.set(q, [...(byQueue.get(q) ?? []), worker])
        }
        return byQueue as ReadonlyMap<string, readonly QueueWorker[]>
      }),

    /** Whether any live worker listens to the queue (verify_watched_queue). */
    isQueueWatched: (company: string, queueId: string) =>
      store.read(async (tx) => (await tx.workers.list(company, clock())).some((w) => w.queues.includes(queueId))),
  }
}

export type WorkerListing = ReturnType<typeof createWorkerListing>
