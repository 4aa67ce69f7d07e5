// Requests of the status endpoints (tasks.started … tasks.dequeue_many). Clients send nulls for unset optional
// fields (the SDK's request objects serialise every attribute), so optional fields accept null as "absent".
import { z } from 'zod'
import { TASK_STATUSES } from '../../domain/entities/task.js'
import * as b from '../common/bounds.js'

const text = b.text().nullish().transform((v) => v ?? '')
const flag = (fallback: boolean) => z.boolean().nullish().transform((v) => v ?? fallback)

const StatusChange = {
  task: b.id().min(1),
  status_reason: text,
  status_message: text,
  force: flag(false),
}

export const UpdateRequest = z.object(StatusChange)
export const CompletedRequest = z.object({ ...StatusChange, publish: flag(false) })
export const PublishRequest = z.object({ ...StatusChange, publish_model: flag(true) })
export const StopRequest = z.object({ ...StatusChange, include_pipeline_steps: flag(false) })
export const PingRequest = z.object({ task: b.id().min(1) })

const Batch = {
  ids: b.ids().min(1),
  status_reason: text,
  status_message: text,
}

export const StopManyRequest = z.object({ ...Batch, force: flag(false), include_pipeline_steps: flag(false) })
export const PublishManyRequest = z.object({ ...Batch, force: flag(false), publish_model: flag(true) })

const optionalId = b.name().nullish().transform((v) => v || undefined)
const newStatus = z.enum(TASK_STATUSES).nullish().transform((v) => v ?? undefined)

export const EnqueueRequest = z.object({
  ...StatusChange,
  queue: optionalId,
  queue_name: optionalId,
  verify_watched_queue: flag(false),
  update_execution_queue: flag(true),
})
export const EnqueueManyRequest = z.object({
  ...Batch,
  queue: optionalId,
  queue_name: optionalId,
  validate_tasks: flag(false),
  verify_watched_queue: flag(false),
})
export const DequeueRequest = z.object({ ...StatusChange, remove_from_all_queues: flag(false), new_status: newStatus })
export const DequeueManyRequest = z.object({ ...Batch, remove_from_all_queues: flag(false), new_status: newStatus })

export type UpdateRequest = z.infer<typeof UpdateRequest>
export type EnqueueRequest = z.infer<typeof EnqueueRequest>
