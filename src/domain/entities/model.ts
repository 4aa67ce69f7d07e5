import type { Doc } from './document.js'
import type { MetricValue } from './task.js'

export interface MetadataItem { key: string; type?: string; value?: string }

export interface ModelDoc extends Doc {
  name: string
  user: string
  project?: string | null
  task?: string | null
  parent?: string | null
  comment?: string
  created: string
  last_update?: string
  last_change?: string
  last_changed_by?: string
  tags: string[]
  system_tags: string[]
  uri?: string | null
  framework?: string | null
  design?: Record<string, unknown>
  labels?: Record<string, number>
  /** true once published. */
  ready: boolean
  ui_cache?: Record<string, unknown>
  metadata?: Record<string, MetadataItem>
  last_iteration?: number
  last_metrics?: Record<string, Record<string, MetricValue>>
  unique_metrics?: string[]
  company_origin?: string
}
