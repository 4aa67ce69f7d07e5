// The queues service as the registry builds it. `hooks.queueWorkers` lets the workers service fill get_all_ex.
import type { Endpoint } from '../../transport/rpc/endpoint.js'
import type { ServiceDeps } from '../deps.js'
import { queueEndpoints } from './endpoints.js'
import { createQueueEntriesService } from './entries-service.js'
import { createQueueMetricsService } from './metrics-service.js'
import { createQueuesService, type QueuesHooks } from './queues-service.js'

export function createQueueEndpoints(deps: ServiceDeps, hooks: QueuesHooks = {}): Endpoint[] {
  return queueEndpoints({
    queues: createQueuesService(deps, hooks),
    entries: createQueueEntriesService(deps),
    metrics: createQueueMetricsService(deps),
  })
}
