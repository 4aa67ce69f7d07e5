// The workers service as the registry builds it, and the worker lookups it lends to the queues and tasks
// services (queues.get_all_ex's `workers`, `queue_watched` on enqueue).
import type { Endpoint } from '../../transport/rpc/endpoint.js'
import type { ServiceDeps } from '../deps.js'
import { workerEndpoints } from './endpoints.js'
import { createWorkerListing } from './listing.js'
import { createWorkerRegistration } from './registration.js'
import { createRuntimePropertiesService } from './runtime-properties.js'
import { createWorkerStatsService } from './stats-service.js'

export function createWorkerEndpoints(deps: ServiceDeps): Endpoint[] {
  return workerEndpoints({
    registration: createWorkerRegistration(deps),
    listing: createWorkerListing(deps),
    stats: createWorkerStatsService(deps),
    properties: createRuntimePropertiesService(deps),
  })
}

export interface WorkerLookups {
  queueWorkers: ReturnType<typeof createWorkerListing>['queueWorkers']
  /** Never call it inside a store transaction: it opens its own read. */
  isQueueWatched: (company: string, queueId: string) => Promise<boolean>
}

export function createWorkerLookups(deps: ServiceDeps): WorkerLookups {
  const listing = createWorkerListing(deps)
  return { queueWorkers: listing.queueWorkers, isQueueWatched: listing.isQueueWatched }
}
