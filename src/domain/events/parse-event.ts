// Turns one raw event as a client sent it into an IngestEvent, or the reason it was refused. The reasons are
// ClearML's texts: they become the keys of errors_info, which clients show and the test suite counts.
import { MAX_EPOCH_MS, MAX_METRIC_NAME_CHARS } from '../limits.js'
import { isEventType, type IngestEvent, type ScalarEvent } from './event-types.js'

const MAX_LONG = '9223372036854775807'

/** Which entity an event is for, read before anything is validated (ClearML checks locks batch-wide first). */
export interface EventRef {
  id: string | null
  modelEvent: boolean
  allowLocked: boolean
}

export interface ParseDefaults {
  nowMs: number
  /** The caller's X-ClearML-Worker header, for events that name no worker. */
  worker: string
  /** Check that each plot_str is JSON (ClearML's services.events.validate_plot_str). */
  validatePlots?: boolean
}

/** The event, or the reason it was refused (a string, to spare an allocation per event). */
export type ParseResult = IngestEvent | string

const text = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v))

export function eventRef(raw: Record<string, unknown>): EventRef {
  const modelEvent = raw.model_event === true
  // Model events may name their model in `model`; it then stands in for `task`.
  const id = modelEvent && raw.model !== undefined && raw.model !== null ? raw.model : raw.task
  const hasId = id !== undefined && id !== null && id !== '' && id !== false
  return { id: hasId ? text(id) : null, modelEvent, allowLocked: raw.allow_locked === true }
}

/** Why a batch is refused whole: ClearML answers 400/12 with this detail. */
export interface BatchInconsistency { detail: string; data?: Record<string, unknown> }

/**
 * Every event of one entity must agree on allow_locked, and an id cannot be both a task and a model in one
 * batch; either mistake fails the whole call, as in ClearML.
 */
export function findBatchInconsistency(refs: readonly EventRef[]): BatchInconsistency | undefined {
  const tasks = new Map<string, boolean>()
  const models = new Map<string, boolean>()
  for (const ref of refs) {
    if (ref.id === null) continue
    const seen = ref.modelEvent ? models : tasks
    const prior = seen.get(ref.id)
    if (prior === undefined) seen.set(ref.id, ref.allowLocked)
    else if (prior !== ref.allowLocked) return { detail: `Inconsistent allow_locked setting in the passed events for ${ref.id}` }
  }
  const both = [...tasks.keys()].filter((id) => models.has(id))
  return both.length > 0 ? { detail: 'Inconsistent model_event setting in the passed events', data: { tasks: both } } : undefined
}

function toInteger(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'boolean' ? Number(v) : NaN
  return Number.isFinite(n) ? Math.trunc(n) : undefined
}

function toNumberOrNull(v: unknown): number | null | undefined {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v)
    return Number.isFinite(n) ? n : undefined
  }
  return undefined
}

/** The iteration, null when absent, or the reason it is unusable. */
function parseIter(raw: Record<string, unknown>): number | null | string {
  if (raw.iter === undefined || raw.iter === null) return null
  const iter = typeof raw.iter === 'number' && Number.isInteger(raw.iter) ? raw.iter : toInteger(raw.iter)
  if (iter === undefined) return 'Iteration must be an integer'
  if (!Number.isSafeInteger(iter)) return `Iteration number should not exceed ${MAX_LONG}`
  return iter
}

function parseTimestamp(raw: Record<string, unknown>, nowMs: number): number | undefined {
  // `ts` is an older spelling ClearML still accepts.
  const value = raw.ts !== undefined ? raw.ts : raw.timestamp
  if (value === undefined || value === null) return nowMs
  const timestamp = toInteger(value)
  // Beyond year 9999 (or before year -9999) a timestamp has no date to show.
  return timestamp !== undefined && Math.abs(timestamp) <= MAX_EPOCH_MS ? timestamp : undefined
}

/** JSON strings, or the non-finite numbers Python's json writes and reads (a plot of NaN values is a valid plot). */
const PYTHON_NON_FINITE = /"(?:[^"\\]|\\.)*"|-?Infinity|(?<!-)NaN/g

/** Whether Python's json.loads would read `s` (ClearML checks plots that way): JSON, with NaN and ±Infinity. */
export function isPythonJson(s: string): boolean {
  if (s.trim() === '') return false
  try {
    JSON.parse(s.replace(PYTHON_NON_FINITE, (m) => (m.startsWith('"') ? m : '0')))
    return true
  } catch {
    return false
  }
}

// Events are built as object literals: object spread is many times slower in V8 and this runs per event.
export function parseEvent(raw: Record<string, unknown>, ref: EventRef, d: ParseDefaults): ParseResult {
  if (raw.type === undefined || raw.type === null) return "Event must have a 'type' field"
  const type = typeof raw.type === 'string' && !raw.type.includes(' ') ? raw.type : text(raw.type).replace(/ /g, '_')
  if (!isEventType(type)) return `Invalid event type ${type}`
  if (ref.modelEvent && type === 'log') return 'Task log events are not supported for models'
  if (ref.id === null) return "Event must have a 'task' field"
  const parsedIter = parseIter(raw)
  if (typeof parsedIter === 'string') return parsedIter
  const timestamp = parseTimestamp(raw, d.nowMs)
  if (timestamp === undefined) return 'Invalid timestamp'
  const task = ref.id
  const modelEvent = ref.modelEvent
  const worker = raw.worker === undefined || raw.worker === null ? d.worker : text(raw.worker)
  const metric = raw.metric ? text(raw.metric) : ''
  const variant = raw.variant ? text(raw.variant) : ''
  // Every metric and variant becomes a key of the task's last_metrics, which each later batch rewrites.
  if (metric.length > MAX_METRIC_NAME_CHARS) return `Metric name exceeds ${MAX_METRIC_NAME_CHARS} characters`
  if (variant.length > MAX_METRIC_NAME_CHARS) return `Variant name exceeds ${MAX_METRIC_NAME_CHARS} characters`
  const iter = parsedIter ?? 0
  switch (type) {
    case 'training_stats_scalar': {
      const value = toNumberOrNull(raw.value)
      if (value === undefined) return 'Scalar value must be a number'
      const event: ScalarEvent = { type, task, modelEvent, timestamp, worker, metric, variant, iter, value }
      if (typeof raw.x_axis_label === 'string') event.xAxisLabel = raw.x_axis_label
      return event
    }
    case 'training_stats_vector':
      // Old clients sent `values`; ClearML stores either as `value`.
      return { type, task, modelEvent, timestamp, worker, metric, variant, iter, values: raw.values !== undefined ? raw.values : raw.value ?? [] }
    case 'training_debug_image': {
      const url = typeof raw.url === 'string' ? raw.url : null
      return { type, task, modelEvent, timestamp, worker, metric, variant, iter, key: text(raw.key), url }
    }
    case 'plot': {
      const plotStr = text(raw.plot_str)
      // An event may opt out with skip_validation, as in ClearML.
      const validPlot = d.validatePlots && !raw.skip_validation ? isPythonJson(plotStr) : undefined
      return { type, task, modelEvent, timestamp, worker, metric, variant, iter, plotStr, validPlot }
    }
    case 'log': {
      const level = raw.level ? text(raw.level) : 'info'
      return { type, task, modelEvent, timestamp, worker, metric, variant, iter: parsedIter, level, msg: text(raw.msg) }
    }
  }
}
