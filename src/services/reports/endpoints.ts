// The ClearML `reports` endpoints (all from API 2.23): schema in, service call out.
import { endpoint, type Endpoint } from '../../transport/rpc/endpoint.js'
import type { ServiceDeps } from '../deps.js'
import { createReportReads } from './read-service.js'
import * as s from './schemas.js'
import { createReportTaskData } from './task-data.js'
import { createReportWrites } from './write-service.js'

const V = { minVersion: '2.23' }

export function createReportEndpoints(deps: ServiceDeps): Endpoint[] {
  const writes = createReportWrites(deps)
  const reads = createReportReads(deps)
  const data = createReportTaskData(deps)
  return [
    endpoint('reports.create', s.CreateRequest, (req, call) => writes.create(call.identity, req), V),
    endpoint('reports.update', s.UpdateRequest, (req, call) => writes.update(call.identity, req), V),
    endpoint('reports.move', s.MoveRequest, (req, call) => writes.move(call.identity, req), V),
    endpoint('reports.publish', s.StatusRequest, (req, call) => writes.publish(call.identity, req), V),
    endpoint('reports.archive', s.StatusRequest, (req, call) => writes.archive(call.identity, req), V),
    endpoint('reports.unarchive', s.StatusRequest, (req, call) => writes.unarchive(call.identity, req), V),
    endpoint('reports.delete', s.DeleteRequest, (req, call) => writes.delete(call.identity, req), V),
    endpoint('reports.get_all_ex', s.QueryRequest, (req, call) => reads.getAllEx(call.identity, req, call.requestedVersion), V),
    endpoint('reports.get_tags', s.GetTagsRequest, (_req, call) => reads.getTags(call.identity), V),
    endpoint('reports.get_task_data', s.TaskDataRequest, (req, call) => data.getTaskData(call.identity, req, call.requestedVersion), V),
  ]
}
