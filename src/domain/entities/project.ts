import type { Doc } from './document.js'

export interface ProjectDoc extends Doc {
  /** The full path, `a/b/c`; unique per company. */
  name: string
  basename: string
  /** The parent project id, or null at the top. */
  parent: string | null
  /** Ancestor ids, root first (hidden unless asked for). */
  path: string[]
  description: string
  user: string
  created: string
  last_update: string
  tags: string[]
  system_tags: string[]
  default_output_destination?: string | null
  featured?: number
  logo_url?: string | null
  company_origin?: string
}
