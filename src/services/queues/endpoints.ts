import { endpoint, type Endpoint } from '../../transport/rpc/endpoint.js'
import type { QueueEntriesService } from './entries-service.js'
import type { QueueMetricsService } from './metrics-service.js'
import type { QueuesService } from './queues-service.js'
import * as s from './schemas.js'

export interface QueueServices {
  queues: QueuesService
  entries: QueueEntriesService
  metrics: QueueMetricsService
}

// min_version as in ClearML's handlers: get_next_task and clear_queue declare none (1.0), the metadata calls
// 2.13, peek_task and get_num_entries 2.15, everything else 2.4.
const V = { '1.0': { minVersion: '1.0' }, '2.4': { minVersion: '2.4' }, '2.13': { minVersion: '2.13' }, '2.15': { minVersion: '2.15' } }

export const queueEndpoints = ({ queues, entries, metrics }: QueueServices): Endpoint[] => [
  endpoint('queues.create', s.CreateRequest, async (req, call) => queues.create(call.identity, req), V['2.4']),
  endpoint('queues.get_by_id', s.GetByIdRequest, async (req, call) =>
    queues.getById(call.identity, req.queue, req.max_task_entries), V['2.4']),
  endpoint('queues.get_all', s.GetAllRequest, async (req, call) => queues.getAll(call.identity, req), V['2.4']),
  endpoint('queues.get_all_ex', s.GetAllRequest, async (req, call) => queues.getAllEx(call.identity, req), V['2.4']),
  endpoint('queues.get_default', s.Empty, async (_req, call) => queues.getDefault(call.identity), V['2.4']),
  endpoint('queues.update', s.UpdateRequest, async (req, call) => queues.update(call.identity, req), V['2.4']),
  endpoint('queues.delete', s.DeleteRequest, async (req, call) => queues.delete(call.identity, req.queue, req.force), V['2.4']),
  endpoint('queues.add_task', s.AddTaskRequest, async (req, call) =>
    entries.addTask(call.identity, req.queue, req.task, req.update_execution_queue), V['2.4']),
  endpoint('queues.remove_task', s.RemoveTaskRequest, async (req, call) =>
    entries.removeTask(call.identity, req.queue, req.task, req.update_task_status), V['2.4']),
  endpoint('queues.clear_queue', s.QueueRequest, async (req, call) => entries.clearQueue(call.identity, req.queue), V['1.0']),
  endpoint('queues.move_task_forward', s.MoveTaskRequest, async (req, call) =>
    entries.moveTask(call.identity, req.queue, req.task, { by: -(req.count ?? 1) }), V['2.4']),
  endpoint('queues.move_task_backward', s.MoveTaskRequest, async (req, call) =>
    entries.moveTask(call.identity, req.queue, req.task, { by: req.count ?? 1 }), V['2.4']),
  endpoint('queues.move_task_to_front', s.TaskRequest, async (req, call) =>
    entries.moveTask(call.identity, req.queue, req.task, { to: 'front' }), V['2.4']),
  endpoint('queues.move_task_to_back', s.TaskRequest, async (req, call) =>
    entries.moveTask(call.identity, req.queue, req.task, { to: 'back' }), V['2.4']),
  endpoint('queues.peek_task', s.QueueRequest, async (req, call) => entries.peekTask(call.identity, req.queue), V['2.15']),
  endpoint('queues.get_num_entries', s.QueueRequest, async (req, call) => entries.numEntries(call.identity, req.queue), V['2.15']),
  endpoint('queues.get_next_task', s.GetNextTaskRequest, async (req, call) =>
    entries.getNextTask(call.identity, req.queue, { expectedTask: req.task, withTaskInfo: req.get_task_info }), V['1.0']),
  endpoint('queues.add_or_update_metadata', s.AddOrUpdateMetadataRequest, async (req, call) =>
    queues.addOrUpdateMetadata(call.identity, req.queue, req.metadata, req.replace_metadata), V['2.13']),
  endpoint('queues.delete_metadata', s.DeleteMetadataRequest, async (req, call) =>
    queues.deleteMetadata(call.identity, req.queue, req.keys), V['2.13']),
  endpoint('queues.get_queue_metrics', s.GetMetricsRequest, async (req, call) => metrics.getQueueMetrics(call.identity, {
    fromDateSec: req.from_date, toDateSec: req.to_date, intervalSec: req.interval, queueIds: req.queue_ids ?? [], refresh: req.refresh,
  }), V['2.4']),
]
