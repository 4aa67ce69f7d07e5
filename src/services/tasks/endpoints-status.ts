// Status and queue endpoints of the tasks service. Handlers only wire; the rules live in status-*.ts / enqueue-*.ts.
import { endpoint, type Endpoint } from '../../transport/rpc/endpoint.js'
import type { ServiceDeps } from '../deps.js'
import { createTaskEnqueueService, type QueueWatchCheck } from './enqueue-service.js'
import * as s from './status-schemas.js'
import { createTaskStatusService } from './status-service.js'

const MANY = { minVersion: '2.13' }

export function taskStatusEndpoints(deps: ServiceDeps, isQueueWatched?: QueueWatchCheck): Endpoint[] {
  const status = createTaskStatusService(deps)
  const queues = createTaskEnqueueService(deps, isQueueWatched)
  return [
    endpoint('tasks.started', s.UpdateRequest, (req, call) => status.started(call.identity, req)),
    endpoint('tasks.stopped', s.UpdateRequest, (req, call) => status.stopped(call.identity, req)),
    endpoint('tasks.failed', s.UpdateRequest, (req, call) => status.failed(call.identity, req)),
    endpoint('tasks.close', s.UpdateRequest, (req, call) => status.close(call.identity, req)),
    endpoint('tasks.completed', s.CompletedRequest, (req, call) => status.completed(call.identity, req), { minVersion: '2.2' }),
    endpoint('tasks.ping', s.PingRequest, (req, call) => status.ping(call.identity, req.task)),
    endpoint('tasks.stop', s.StopRequest, (req, call) => status.stop(call.identity, req)),
    endpoint('tasks.stop_many', s.StopManyRequest, (req, call) => status.stopMany(call.identity, req), MANY),
    endpoint('tasks.publish', s.PublishRequest, (req, call) => status.publish(call.identity, req)),
    endpoint('tasks.publish_many', s.PublishManyRequest, (req, call) => status.publishMany(call.identity, req), MANY),
    endpoint('tasks.enqueue', s.EnqueueRequest, (req, call) => queues.enqueue(call.identity, req.task, req), { minVersion: '1.5' }),
    endpoint('tasks.enqueue_many', s.EnqueueManyRequest, (req, call) => queues.enqueueMany(call.identity, req), MANY),
    endpoint('tasks.dequeue', s.DequeueRequest, (req, call) => queues.dequeue(call.identity, req.task, req), { minVersion: '1.5' }),
    endpoint('tasks.dequeue_many', s.DequeueManyRequest, (req, call) => queues.dequeueMany(call.identity, req), MANY),
  ]
}
