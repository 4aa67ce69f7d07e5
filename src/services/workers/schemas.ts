// Requests of the workers service. The agent sends `null` for absent optional fields (tags, machine_stats), so
// optional fields are nullish throughout.
import { z } from 'zod'
import { MAX_DURATION_SEC, MAX_EPOCH_SEC } from '../../domain/limits.js'
import * as b from '../common/bounds.js'

const WorkerId = b.name().min(1)
const Tags = b.tags().nullish()
const Ids = b.ids().nullish()

export const WorkerRequest = z.object({ worker: WorkerId })

export const RegisterRequest = z.object({
  worker: WorkerId,
  // Zero or less is ClearML's 400/1002, answered by the service.
  timeout: z.number().int().max(MAX_DURATION_SEC, `at most ${MAX_DURATION_SEC}`).nullish(),
  queues: Ids,
  tags: Tags,
  system_tags: Tags,
})

// Memory and network are floats from the agent although its own v2.5 schema says integer; a scalar where a list
// is expected (or the reverse) is kept as sent rather than rejecting the whole report.
const StatValue = z.union([z.number(), b.list(z.number().nullable(), 1_000)]).nullish()
const STAT_KEYS = ['cpu_usage', 'cpu_temperature', 'gpu_usage', 'gpu_temperature', 'gpu_memory_free', 'gpu_memory_used',
  'memory_used', 'memory_free', 'network_tx', 'network_rx', 'disk_free_home', 'disk_free_temp', 'disk_read', 'disk_write'] as const
export const MachineStats = z.object(Object.fromEntries(STAT_KEYS.map((k) => [k, StatValue])) as Record<(typeof STAT_KEYS)[number], typeof StatValue>)

export const StatusReportRequest = z.object({
  worker: WorkerId,
  task: b.id().nullish(),
  queue: b.id().nullish(),
  queues: Ids,
  // Milliseconds from the agent, seconds from clients that follow ClearML's schema text (registration.ts).
  timestamp: b.epochMs(),
  machine_stats: MachineStats.nullish(),
  tags: Tags,
  system_tags: Tags,
})
export type StatusReportRequest = z.infer<typeof StatusReportRequest>

// last_seen: absent means ClearML's default window; an explicit null or 0 turns the filter off.
const filters = {
  last_seen: z.number().int().max(MAX_DURATION_SEC, `at most ${MAX_DURATION_SEC}`).nullable().optional(),
  tags: Tags,
  system_tags: Tags,
  worker_pattern: z.string().nullish(),
}
export const GetAllRequest = z.object(filters)
export const GetCountRequest = z.object(filters)
export type WorkerFilters = z.infer<typeof GetAllRequest>

export const GetMetricKeysRequest = z.object({ worker_ids: Ids })

const Aggregation = z.enum(['avg', 'min', 'max'])
// ClearML's schema text names the aggregation `category`, its request model `aggregation`: take either.
const StatItem = z.object({ key: b.name(), aggregation: Aggregation.nullish(), category: Aggregation.nullish() })
  .transform((i) => ({ key: i.key, aggregation: i.aggregation ?? i.category ?? 'avg' }))

const range = {
  from_date: b.epochSec(),
  to_date: b.epochSec(),
  interval: b.int(1, MAX_EPOCH_SEC),
}

export const GetStatsRequest = z.object({
  ...range,
  worker_ids: Ids,
  items: b.list(StatItem, 100).min(1),
  split_by_variant: z.boolean().nullish(),
})
export type GetStatsRequest = z.infer<typeof GetStatsRequest>

export const GetActivityReportRequest = z.object(range)

const PropertyValue = z.union([b.text(), z.number(), z.boolean()]).transform(String)

export const SetRuntimePropertiesRequest = z.object({
  worker: WorkerId,
  runtime_properties: b.list(z.object({
    key: b.name().min(1),
    value: PropertyValue,
    /** Seconds the property lives; none: until replaced. */
    expiry: b.durationSec().positive().nullish(),
  }), 1_000),
})
export type SetRuntimePropertiesRequest = z.infer<typeof SetRuntimePropertiesRequest>
