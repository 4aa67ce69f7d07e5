import { endpoint, type Endpoint } from '../../transport/rpc/endpoint.js'
import type { WorkerListing } from './listing.js'
import type { WorkerRegistration } from './registration.js'
import type { RuntimePropertiesService } from './runtime-properties.js'
import * as s from './schemas.js'
import type { WorkerStatsService } from './stats-service.js'

export interface WorkerServices {
  registration: WorkerRegistration
  listing: WorkerListing
  stats: WorkerStatsService
  properties: RuntimePropertiesService
}

// min_version as in ClearML's handlers (2.4); get_count declares none. The runtime-property calls are sent
// unversioned by the agent once the server advertises 2.10 or more.
const V = { '1.0': { minVersion: '1.0' }, '2.4': { minVersion: '2.4' }, '2.10': { minVersion: '2.10' } }

export const workerEndpoints = ({ registration, listing, stats, properties }: WorkerServices): Endpoint[] => [
  endpoint('workers.register', s.RegisterRequest, async (req, call) =>
    registration.register(call.identity, call.clientIp, req), V['2.4']),
  endpoint('workers.unregister', s.WorkerRequest, async (req, call) => registration.unregister(call.identity, req.worker), V['2.4']),
  endpoint('workers.status_report', s.StatusReportRequest, async (req, call) =>
    registration.statusReport(call.identity, call.clientIp, req), V['2.4']),
  endpoint('workers.get_all', s.GetAllRequest, async (req, call) => listing.getAll(call.identity, req), V['2.4']),
  endpoint('workers.get_count', s.GetCountRequest, async (req, call) => listing.getCount(call.identity, req), V['1.0']),
  endpoint('workers.get_metric_keys', s.GetMetricKeysRequest, async (req, call) =>
    stats.getMetricKeys(call.identity, req.worker_ids ?? []), V['2.4']),
  endpoint('workers.get_stats', s.GetStatsRequest, async (req, call) => stats.getStats(call.identity, req), V['2.4']),
  endpoint('workers.get_activity_report', s.GetActivityReportRequest, async (req, call) =>
    stats.getActivityReport(call.identity, req), V['2.4']),
  endpoint('workers.set_runtime_properties', s.SetRuntimePropertiesRequest, async (req, call) =>
    properties.set(call.identity, req), V['2.10']),
  endpoint('workers.get_runtime_properties', s.WorkerRequest, async (req, call) =>
    properties.get(call.identity, req.worker), V['2.10']),
]
