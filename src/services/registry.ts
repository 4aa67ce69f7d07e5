// Every ClearML service beyond auth/users/server registers here: one line per service folder.
import type { Endpoint } from '../transport/rpc/endpoint.js'
import type { ServiceDeps } from './deps.js'
import type { BatchDecoder } from './events/decoder-pool.js'
import { createEventEndpoints, createEventHooks } from './events/index.js'
import { createModelEndpoints } from './models/endpoints.js'
import { createOrganizationEndpoints } from './organization/endpoints.js'
import { createPipelineEndpoints } from './pipelines/endpoints.js'
import { createProjectEndpoints } from './projects/index.js'
import { createQueueEndpoints } from './queues/index.js'
import { ensureDefaultQueue } from './queues/queue-ops.js'
import { createReportEndpoints } from './reports/endpoints.js'
import { taskCrudEndpoints } from './tasks/endpoints-crud.js'
import { taskParamsEndpoints } from './tasks/endpoints-params.js'
import { taskStatusEndpoints } from './tasks/endpoints-status.js'
import { createWorkerEndpoints, createWorkerLookups } from './workers/index.js'

export interface ServiceParts {
  /** Decodes events batches; inline when omitted. */
  readonly eventDecoder?: BatchDecoder
  /** The server's signing secret, for what services seal and hand to clients (export prepare ids). */
  readonly signingSecret: Uint8Array
}

export async function serviceEndpoints(deps: ServiceDeps, parts: ServiceParts): Promise<Endpoint[]> {
  await ensureDefaultQueue(deps)
  const workers = createWorkerLookups(deps)
  return [
    ...createModelEndpoints(deps),
    ...createQueueEndpoints(deps, { queueWorkers: workers.queueWorkers }),
    ...createProjectEndpoints(deps),
    ...createOrganizationEndpoints(deps, { signingSecret: parts.signingSecret }),
    ...taskCrudEndpoints(deps, createEventHooks(deps)),
    ...taskStatusEndpoints(deps, workers.isQueueWatched),
    ...taskParamsEndpoints(deps),
    ...createWorkerEndpoints(deps),
    ...createPipelineEndpoints(deps, { isQueueWatched: workers.isQueueWatched }),
    ...createEventEndpoints(deps, parts.eventDecoder),
    ...createReportEndpoints(deps),
  ]
}
