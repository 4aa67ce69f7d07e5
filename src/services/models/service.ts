// The models service: every use case of the ClearML `models` endpoints, one transaction each.
import type { ServiceDeps } from '../deps.js'
import { createBulkOps } from './bulk.js'
import { createDeleteOps } from './delete.js'
import { createMetadataOps } from './metadata-ops.js'
import { createPublishOps } from './publish.js'
import { createModelReads } from './read.js'
import { createTaskLinkOps } from './task-link.js'
import { createModelWrites } from './write.js'

export function createModelsService(deps: ServiceDeps) {
  return {
    ...createModelReads(deps),
    ...createModelWrites(deps),
    ...createTaskLinkOps(deps),
    ...createPublishOps(deps),
    ...createDeleteOps(deps),
    ...createBulkOps(deps),
    ...createMetadataOps(deps),
  }
}

export type ModelsService = ReturnType<typeof createModelsService>
