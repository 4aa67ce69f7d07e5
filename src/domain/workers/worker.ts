// A registered worker (an agent daemon, a services sub-worker, an `execute` run). ClearML keys a worker by company,
// user and worker id, so two users may run workers with the same id; it expires `register_timeout` seconds after
// its last register or status report. Pure rules only: which workers a get_all filter keeps.
import { compilePattern } from '../query/pattern.js'

export interface IdName { id: string; name?: string }

export interface WorkerEntry {
  /** ClearML's registry key, `worker_<company>_<user>_<id>`; the web UI shows it. */
  key: string
  id: string
  user: IdName
  company: IdName
  ip: string
  task: IdName | null
  project: IdName | null
  /** The queue the current task came from. */
  queue: string | null
  /** The queues the worker listens to. */
  queues: string[]
  register_time: string
  /** Seconds without a register or status report after which the worker is gone. */
  register_timeout: number
  last_activity_time: string
  last_report_time: string | null
  tags: string[]
  system_tags: string[]
}

export const workerKey = (company: string, user: string, id: string): string => `worker_${company}_${user}_${id}`

export const expiryOf = (savedAt: Date, timeoutSec: number): Date => new Date(savedAt.getTime() + timeoutSec * 1000)

/** `last_seen` seconds: workers active within that window (at least 1 s, as ClearML); 0 or none keeps all. */
export function isSeenWithin(entry: WorkerEntry, now: Date, lastSeenSec: number | null | undefined): boolean {
  if (!lastSeenSec) return true
  const since = now.getTime() - Math.max(1, lastSeenSec) * 1000
  return Date.parse(entry.last_activity_time) >= since
}

/**
 * ClearML's worker tag filter: plain tags include (any of them), `-tag` excludes; `tags` and `system_tags` are
 * checked separately and must both pass. An empty or missing list does not filter.
 */
export function matchesTags(entry: WorkerEntry, tags: readonly string[] | null | undefined,
  systemTags: readonly string[] | null | undefined): boolean {
  return matchesTagList(entry.tags, tags) && matchesTagList(entry.system_tags, systemTags)
}

function matchesTagList(have: readonly string[], wanted: readonly string[] | null | undefined): boolean {
  if (!wanted || wanted.length === 0) return true
  const include = wanted.filter((t) => !t.startsWith('-'))
  const exclude = wanted.filter((t) => t.startsWith('-')).map((t) => t.slice(1))
  if (include.length > 0 && !include.some((t) => have.includes(t))) return false
  return !exclude.some((t) => have.includes(t))
}

/** `worker_pattern`: a glob over the worker id (`*` any run, `?` one character), as Redis key matching does. */
export function matchesPattern(id: string, pattern: string | null | undefined): boolean {
  if (!pattern) return true
  const source = pattern.split('').map((c) => {
    if (c === '*') return '.*'
    if (c === '?') return '.'
    return c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }).join('')
  // A backtracking RegExp took time growing as the id's length to the power of the number of `*`s (ReDoS).
  return compilePattern(`(?s)^${source}$`, { field: 'worker_pattern' }).test(id)
}
