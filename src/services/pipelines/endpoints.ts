// pipelines.*: ClearML serves start_pipeline from 2.17 and delete_runs from 2.26.
import { endpoint, type Endpoint } from '../../transport/rpc/endpoint.js'
import type { ServiceDeps } from '../deps.js'
import { createPipelinesService, type PipelineHooks } from './pipelines-service.js'
import * as s from './schemas.js'

export function createPipelineEndpoints(deps: ServiceDeps, hooks: PipelineHooks = {}): Endpoint[] {
  const pipelines = createPipelinesService(deps, hooks)
  return [
    endpoint('pipelines.start_pipeline', s.StartPipelineRequest, (req, call) =>
      pipelines.startPipeline(call.identity, req), { minVersion: '2.17' }),
    endpoint('pipelines.delete_runs', s.DeleteRunsRequest, (req, call) =>
      pipelines.deleteRuns(call.identity, req), { minVersion: '2.26' }),
  ]
}
