// The events service as the registry builds it. Other services delete events through cleanup.ts
// (deleteTaskEvents, taskEventFileUrls) inside their own transactions, or through the hooks below.
import type { Endpoint } from '../../transport/rpc/endpoint.js'
import type { ServiceDeps } from '../deps.js'
import type { TaskCleanupHooks } from '../tasks/delete-reset-service.js'
import { createEventCleanup, deleteTaskEvents } from './cleanup.js'
import { eventEndpoints } from './endpoints.js'
import { inlineDecoder, type BatchDecoder } from './decoder-pool.js'
import { createEventIngest } from './ingest.js'
import { createLogReads } from './logs.js'
import { createMetricIterator } from './metric-iterator.js'
import { createMetricReads } from './metrics.js'
import { createPlotSampleHistory } from './plot-history.js'
import { createPlotReads } from './plots.js'
import { createRawEventReads } from './raw-events.js'
import { createImageSampleHistory } from './sample-history.js'
import { createScalarReads } from './scalars.js'

/** `decoder` decodes json-lines batches (decoder-pool.ts); inline unless the app gives a thread pool. */
export function createEventEndpoints(deps: ServiceDeps, decoder: BatchDecoder = inlineDecoder): Endpoint[] {
  return eventEndpoints({
    ingest: createEventIngest({ ...deps, decoder }),
    logs: createLogReads(deps),
    scalars: createScalarReads(deps),
    raw: createRawEventReads(deps),
    metrics: createMetricReads(deps),
    plots: createPlotReads(deps),
    debugImages: createMetricIterator(deps, 'training_debug_image'),
    plotPages: createMetricIterator(deps, 'plot'),
    imageSamples: createImageSampleHistory(deps),
    plotSamples: createPlotSampleHistory(deps),
    cleanup: createEventCleanup(deps),
  })
}

/** For the tasks service: tasks.delete / reset drop the tasks' events (and those of deleted models) after committing. */
export function createEventHooks({ store }: Pick<ServiceDeps, 'store'>): TaskCleanupHooks {
  return {
    deleteTaskEvents: async (_company, taskIds, o) => {
      await store.transaction((tx) => deleteTaskEvents(tx, [...taskIds, ...o.modelIds]))
    },
  }
}
