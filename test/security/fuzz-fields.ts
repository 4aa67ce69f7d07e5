// What the fuzz test knows about each endpoint's fields: the shapes its zod schema declares, the query and event
// fields open schemas take, plausible values (real ids of seeded entities) for the fields left alone, and the
// mutation that turns one field, at any depth, hostile.
import { UpdateBatchItem } from '../../src/services/tasks/crud-schemas.js'
import { put, Raw, shapeOf, type Field, type Rng, type Shape } from './fuzz-kit.js'
import { anyHostile, hostileFor, hostileKeys, type Hostile } from './fuzz-values.js'

const str = (min = 0): Shape => ({ kind: 'string', min })
const int: Shape = { kind: 'number', int: true }
const num: Shape = { kind: 'number', int: false }
const bool: Shape = { kind: 'boolean' }
const strs: Shape = { kind: 'array', item: str(), min: 0 }
const obj = (fields: Record<string, Shape>, open = false): Shape =>
  ({ kind: 'object', open, fields: Object.fromEntries(Object.entries(fields).map(([k, shape]) => [k, { shape, optional: true }])) })

/** What ClearML's get_all-style queries accept; their schemas are open records, so the walk cannot see them. */
const QUERY_FIELDS: Record<string, Shape> = {
  id: { kind: 'union', options: [str(), strs] }, name: str(), page: int, page_size: int, order_by: strs, only_fields: strs,
  _any_: obj({ pattern: str(), fields: strs }), _all_: obj({ pattern: str(), fields: strs }), search_text: str(), tags: strs,
  system_tags: strs, status: strs, type: strs, project: strs, parent: strs, user: strs, scroll_id: str(), size: int,
  include_subprojects: bool, search_hidden: bool, last_update: strs, created: strs, allow_public: bool, active_users: strs,
  'hyperparams.Args.x.value': str(), filters: { kind: 'record', value: obj({ any: strs, all: strs, op: str() }) },
  framework: strs, ready: bool, uri: strs, 'execution.queue': str(), 'last_metrics.x.y.value': strs, runtime: obj({}, true),
}

/** An event as events.add takes it (its schema is an open record). */
const EVENT_FIELDS: Record<string, Shape> = {
  type: { kind: 'string', min: 1, values: ['training_stats_scalar', 'training_stats_vector', 'training_debug_image', 'plot', 'log'] },
  task: str(), metric: str(), variant: str(), iter: int, value: num, timestamp: num, msg: str(), level: str(), plot_str: str(),
  url: str(), key: str(), model_event: bool, allow_locked: bool, worker: str(), x: { kind: 'array', item: num, min: 0 },
  y: { kind: 'array', item: num, min: 0 }, values: { kind: 'array', item: { kind: 'array', item: num, min: 0 }, min: 0 }, labels: strs,
}

const EVENT_SHAPE = obj(EVENT_FIELDS, true)
export const LINES_ENDPOINTS: Record<string, Shape> = { 'events.add_batch': EVENT_SHAPE, 'tasks.update_batch': shapeOf(UpdateBatchItem) }

/** The fields the fuzzer aims at: the schema's own, and for open objects the query or event fields as well. */
export function fieldsOf(name: string, shape: Shape, known: Map<string, Shape>): Record<string, Field> {
  const own = shape.kind === 'object' ? shape.fields : {}
  const open = shape.kind === 'record' || (shape.kind === 'object' && shape.open)
  if (!open) return own
  const extra = name === 'events.add' ? EVENT_FIELDS : name === 'debug.ping' ? { msg: str() } : QUERY_FIELDS
  const fields: Record<string, Field> = {}
  for (const [k, s] of Object.entries(extra)) fields[k] = { shape: s, optional: true }
  // A few names other endpoints use, so open schemas meet fields they do not expect.
  for (const k of ['task', 'project', 'model', 'queue', 'metadata', 'execution', 'hyperparams']) {
    const s = known.get(k)
    if (s && !(k in fields)) fields[k] = { shape: s, optional: true }
  }
  return { ...fields, ...own }
}

export interface Seeds {
  task: string; project: string; model: string; queue: string; queueName: string; worker: string; user: string; n: number
}

/** An id of the right kind for a field, so hostile values reach the handlers and not only "invalid id". */
function idFor(field: string, endpoint: string, seeds: Seeds): string | undefined {
  const f = field.toLowerCase()
  const service = endpoint.split('.')[0]
  if (/task|^source$/.test(f)) return seeds.task
  if (/project|^parent$|location/.test(f)) return seeds.project
  if (/model/.test(f)) return seeds.model
  if (/queue/.test(f)) return seeds.queue
  if (/worker/.test(f)) return seeds.worker
  if (/^user/.test(f)) return seeds.user
  if (f === 'id' || f === 'ids' || f === 'entity') {
    return ({ tasks: seeds.task, reports: seeds.task, pipelines: seeds.task, events: seeds.task, projects: seeds.project, models: seeds.model,
      queues: seeds.queue, workers: seeds.worker, users: seeds.user } as Record<string, string>)[service]
  }
  return undefined
}

function plausibleString(field: string, endpoint: string, seeds: Seeds, r: Rng): string {
  const id = idFor(field, endpoint, seeds)
  if (id !== undefined) return id
  const f = field.toLowerCase()
  if (f === 'email') return `fuzz${seeds.n}-${r.int(1e9)}@example.com`
  if (f.includes('name') || f === 'title') return `fuzz ${field} ${seeds.n}-${r.int(1e9)}`
  if (f === 'uri' || f === 'url') return 'file:///tmp/fuzz/model.bin'
  if (f === 'metric') return 'loss'
  if (f === 'variant') return 'v0'
  if (f === 'password') return 'fuzz-password-1'
  if (f.includes('date') || f === 'last_update' || f === 'created') return '2024-01-02T03:04:05Z'
  return r.pick(['x', 'fuzz', 'a b'])
}

/** A value the schema accepts (most of the time): the background against which one field turns hostile. */
function plausible(shape: Shape, field: string, endpoint: string, seeds: Seeds, r: Rng, depth = 0): unknown {
  switch (shape.kind) {
    case 'string': return shape.values ? r.pick(shape.values) : plausibleString(field, endpoint, seeds, r)
    case 'number': {
      const lo = shape.min ?? (shape.int ? 1 : 0)
      const hi = shape.max ?? lo + 10
      return shape.int ? Math.min(hi, lo + r.int(3)) : lo + 0.5
    }
    case 'boolean': return r.chance(0.5)
    case 'literal': return shape.value
    case 'union': return plausible(r.pick(shape.options), field, endpoint, seeds, r, depth)
    case 'array': {
      if (depth > 4) return []
      const n = Math.max(shape.min, 1 + r.int(2))
      return Array.from({ length: n }, () => plausible(shape.item, field.replace(/s$/, ''), endpoint, seeds, r, depth + 1))
    }
    case 'record': return depth > 4 ? {} : put({}, 'k', plausible(shape.value, 'k', endpoint, seeds, r, depth + 1))
    case 'object': {
      const out: Record<string, unknown> = {}
      if (depth > 4) return out
      for (const [k, f] of Object.entries(shape.fields)) {
        if (!f.optional || r.chance(0.4)) put(out, k, plausible(f.shape, k, endpoint, seeds, r, depth + 1))
      }
      return out
    }
    default: return r.pick(['x', 1, true])
  }
}

/** The required fields and a few optional ones: on wide queries, a dozen plausible filters would hide the one
 *  hostile value behind an empty result or an unrelated 400. */
export function baseline(fields: Record<string, Field>, endpoint: string, seeds: Seeds, r: Rng): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const optional = Object.values(fields).filter((f) => f.optional).length
  const p = Math.min(0.35, 3 / Math.max(1, optional))
  for (const [k, f] of Object.entries(fields)) {
    if (!f.optional || r.chance(p)) put(out, k, plausible(f.shape, k, endpoint, seeds, r))
  }
  return out
}

/** Hostile values made for one field name (a forged scroll_id), when the fuzzer has any. */
export type Special = (field: string, r: Rng) => Hostile | undefined

/** Fields where a careless bound or path walk does the most harm; picked four times as often as the rest. */
const HOT_FIELDS = new Set(['only_fields', 'order_by', '_any_', '_all_', 'page', 'page_size', 'size', 'batch_size', 'search_text', 'name',
  'pattern', 'filters', 'scroll_id', 'prepare_id', 'iters', 'samples', 'from_date', 'to_date', 'interval', 'timestamp', 'timeout', 'count',
  'max_task_entries', 'worker_pattern', 'expiration_sec', 'preferences', 'configuration', 'hyperparams', 'requirements', 'metadata'])

/** Replaces one field, at the top or inside a nested object or list, with a hostile value of a fitting kind. */
export function mutate(body: Record<string, unknown>, fields: Record<string, Field>, r: Rng, special?: Special): { path: string; hostile: Hostile } {
  const names = Object.keys(fields)
  if (names.length === 0) {
    const key = hostileKeys(r)
    const hostile = anyHostile(r)
    put(body, key, hostile.value)
    return { path: `+${key.length > 40 ? `${key.slice(0, 12)}…(${key.length})` : key}`, hostile }
  }
  const name = r.weighted(names.map((k) => [HOT_FIELDS.has(k) ? 4 : 1, k] as const))
  let shape = fields[name].shape
  let path = name
  let holder: Record<string, unknown> | unknown[] = body
  let key: string | number = name
  // Go one or two levels down now and then, into objects and lists the baseline filled in.
  for (let depth = 0; depth < 3 && r.chance(shape.kind === 'array' ? 0.5 : 0.35); depth++) {
    const current = (holder as Record<string, unknown>)[key as string]
    if (shape.kind === 'object' && Object.keys(shape.fields).length > 0) {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || current instanceof Raw) {
        put(holder as Record<string, unknown>, String(key), {})
      }
      const inner = r.pick(Object.keys(shape.fields))
      holder = (holder as Record<string, unknown>)[key as string] as Record<string, unknown>
      key = inner
      shape = shape.fields[inner].shape
      path += `.${inner}`
    } else if (shape.kind === 'array') {
      if (!Array.isArray(current)) put(holder as Record<string, unknown>, String(key), ['x'])
      holder = (holder as Record<string, unknown>)[key as string] as unknown[]
      key = r.int(holder.length)
      shape = shape.item
      path += `[${key}]`
    } else break
  }
  const hostile = (r.chance(0.5) ? special?.(String(key), r) : undefined) ?? hostileFor(r, shape)
  if (Array.isArray(holder)) holder[key as number] = hostile.value
  else put(holder, String(key), hostile.value)
  return { path, hostile }
}
