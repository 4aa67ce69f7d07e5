// Requests of the workers service. The agent sends `null` for absent optional fields (tags, machine_stats), so
// optional fields are nullish throughout.
import { z } from 'zod'

const WorkerId = z.string().min(1)
const Tags = z.array(z.string()).nullish()
const Ids = z.array(z.string()).nullish()

export const WorkerRequest = z.object({ worker: WorkerId })

export const RegisterRequest = z.object({
  worker: WorkerId,
  timeout: z.number().int().nullish(),
  queues: Ids,
  tags: Tags,
  system_tags: Tags,
})

// Memory and network are floats from the agent although its own v2.5 schema says integer; a scalar where a list
// is expected (or the reverse) is kept as sent rather than rejecting the whole report.
const StatValue = z.union([z.number(), z.array(z.number().nullable())]).nullish()
const STAT_KEYS = ['cpu_usage', 'cpu_temperature', 'gpu_usage', 'gpu_temperature', 'gpu_memory_free', 'gpu_memory_used',
  'memory_used', 'memory_free', 'network_tx', 'network_rx', 'disk_free_home', 'disk_free_temp', 'disk_read', 'disk_write'] as const
export const MachineStats = z.object(Object.fromEntries(STAT_KEYS.map((k) => [k, StatValue])) as Record<(typeof STAT_KEYS)[number], typeof StatValue>)

export const StatusReportRequest = z.object({
  worker: WorkerId,
  task: z.string().nullish(),
  queue: z.string().nullish(),
  queues: Ids,
  timestamp: z.number(),
  machine_stats: MachineStats.nullish(),
  tags: Tags,
  system_tags: Tags,
})
export type StatusReportRequest = z.infer<typeof StatusReportRequest>

// last_seen: absent means ClearML's default window; an explicit null or 0 turns the filter off.
const filters = {
  last_seen: z.number().int().nullable().optional(),
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
const StatItem = z.object({ key: z.string(), aggregation: Aggregation.nullish(), category: Aggregation.nullish() })
  .transform((i) => ({ key: i.key, aggregation: i.aggregation ?? i.category ?? 'avg' }))

const range = {
  from_date: z.number().min(0),
  to_date: z.number().min(0),
  interval: z.number().int().min(1),
}

export const GetStatsRequest = z.object({
  ...range,
  worker_ids: Ids,
  items: z.array(StatItem).min(1),
  split_by_variant: z.boolean().nullish(),
})
export type GetStatsRequest = z.infer<typeof GetStatsRequest>

export const GetActivityReportRequest = z.object(range)

const PropertyValue = z.union([z.string(), z.number(), z.boolean()]).transform(String)

export const SetRuntimePropertiesRequest = z.object({
  worker: WorkerId,
  runtime_properties: z.array(z.object({
    key: z.string().min(1),
    value: PropertyValue,
    /** Seconds the property lives; none: until replaced. */
    expiry: z.number().int().positive().nullish(),
  })),
})
export type SetRuntimePropertiesRequest = z.infer<typeof SetRuntimePropertiesRequest>
