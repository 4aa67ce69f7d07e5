import type { Doc } from './document.js'
import type { MetadataItem } from './model.js'

export interface QueueEntry { task: string; added: string }

export interface QueueDoc extends Doc {
  name: string
  display_name?: string | null
  user?: string
  created: string
  last_update?: string
  tags: string[]
  system_tags: string[]
  entries: QueueEntry[]
  metadata?: Record<string, MetadataItem>
}
