// Entity documents are stored in ClearML's wire shape (snake_case fields), so what a client wrote is what it
// reads back; services handle them through these types. Dates are strings from toApiDate().
import type { Doc } from './document.js'

export const TASK_STATUSES = ['created', 'queued', 'in_progress', 'stopped', 'publishing', 'published', 'closed', 'failed', 'completed', 'unknown'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const TASK_TYPES = ['training', 'testing', 'inference', 'data_processing', 'application', 'monitor', 'controller',
  'report', 'optimizer', 'service', 'qc', 'custom'] as const
export type TaskType = (typeof TASK_TYPES)[number]

export interface ParamItem { section: string; name: string; value: string; type?: string; description?: string }
export interface ConfigurationItem { name: string; value: string; type?: string; description?: string }
export interface ModelRef { name: string; model: string; updated?: string }
export interface Artifact {
  key: string
  type: string
  mode: 'input' | 'output'
  uri?: string
  hash?: string
  content_size?: number
  timestamp?: number
  type_data?: { preview?: string; content_type?: string; data_hash?: string }
  display_data?: unknown[][]
}

export interface MetricValue {
  metric: string
  variant: string
  value?: number
  min_value?: number
  min_value_iteration?: number
  max_value?: number
  max_value_iteration?: number
  first_value?: number
  first_value_iteration?: number
  count?: number
  mean_value?: number
  x_axis_label?: string
}

export interface TaskDoc extends Doc {
  name: string
  type: TaskType
  status: TaskStatus
  user: string
  project?: string | null
  parent?: string | null
  comment?: string
  report?: string
  status_reason?: string
  status_message?: string
  status_changed?: string
  created: string
  started?: string | null
  completed?: string | null
  published?: string | null
  active_duration?: number | null
  last_update?: string
  last_change?: string
  last_changed_by?: string
  last_iteration?: number
  last_worker?: string
  last_worker_report?: string
  tags: string[]
  system_tags: string[]
  script?: Record<string, unknown>
  execution: { queue?: string | null; parameters?: Record<string, unknown>; model_desc?: Record<string, unknown>;
    model_labels?: Record<string, number>; framework?: string; test_split?: number; artifacts?: Artifact[]; [k: string]: unknown }
  hyperparams: Record<string, Record<string, ParamItem>>
  configuration: Record<string, ConfigurationItem>
  runtime: Record<string, unknown>
  container: Record<string, string | null>
  models: { input: ModelRef[]; output: ModelRef[] }
  output: { destination?: string | null; error?: string | null; result?: string | null; [k: string]: unknown }
  last_metrics: Record<string, Record<string, MetricValue>>
  unique_metrics?: string[]
  metric_stats?: Record<string, unknown>
  enqueue_status?: string | null
  company_origin?: string
}
