// How tasks.get_all* reads its request: the task field classes of the query language, the legacy field names
// old clients use (execution.parameters → hyperparams.Args …), and hyperparameter / configuration keys in
// paths. Clients escape dots inside those keys as %2E ("hyperparams.sec%2Etion1"), ClearML's Mongo escaping;
// keys are stored unescaped here, so paths are unescaped before they reach the store.
import { errors } from '../../errors.js'
import { and, or, type FieldPath, type Filter, type OrderBy } from '../query/filter.js'
import type { EntitySpec, GetAllQuery } from '../query/get-all.js'
import type { Projection } from '../query/projection.js'
import { isJsonObject } from '../object-paths.js'

export const TASK_QUERY_SPEC: EntitySpec = {
  pattern: ['name', 'comment', 'report'],
  list: ['id', 'user', 'tags', 'system_tags', 'type', 'status', 'project', 'parent', 'hyperparams.*', 'execution.queue', 'models.input.model'],
  range: ['created', 'started', 'active_duration', 'last_metrics.*', 'last_iteration'],
  datetime: ['status_changed', 'last_update', 'last_change'],
  equality: ['runtime.*'],
  excludedByDefault: ['unique_metrics', 'enqueue_status', 'company_origin'],
  numericOrder: ['hyperparams.', 'execution.parameters.', 'last_metrics.'],
}

/** Top-level task fields; a projection naming anything else is refused (400/14). */
export const TASK_FIELDS = new Set([
  'id', 'company', 'user', 'name', 'type', 'status', 'status_reason', 'status_message', 'status_changed', 'comment',
  'report', 'report_assets', 'created', 'started', 'completed', 'published', 'active_duration', 'parent', 'project',
  'output', 'execution', 'tags', 'system_tags', 'script', 'last_worker', 'last_worker_report', 'last_update',
  'last_change', 'last_iteration', 'last_metrics', 'unique_metrics', 'metric_stats', 'company_origin', 'duration',
  'hyperparams', 'configuration', 'runtime', 'models', 'container', 'enqueue_status', 'last_changed_by',
])

/** Reference fields: joined on the _ex endpoints ("project.name"), and shown there as {id} otherwise. */
export const TASK_JOINS = {
  project: 'projects',
  parent: 'tasks',
  user: 'users',
  'execution.queue': 'queues',
  'models.input.model': 'models',
  'models.output.model': 'models',
} as const

export const TASK_REFERENCE_PATHS = ['company', ...Object.keys(TASK_JOINS)]

const PARAM_ROOTS = new Set(['hyperparams', 'configuration'])
const ESCAPES: [string, string][] = [['.', '%2E'], ['$', '%24'], ['__', '%_%_']]

/** ClearML's ParameterKeyEscaper.escape, without its trimming (stored keys are trimmed already). */
export function escapeParamKey(key: string): string {
  let v = key.replace(/%/g, '%%')
  for (const [c, r] of ESCAPES) v = v.split(c).join(r)
  return v.startsWith('_') ? `%_${v.slice(1)}` : v
}

export function unescapeParamKey(key: string): string {
  const unescapePart = (part: string) => ESCAPES.reduce((acc, [c, r]) => acc.split(r).join(c), part)
  const v = key.split('%%').map(unescapePart).join('%')
  return v.startsWith('%_') ? `_${v.slice(2)}` : v
}

const LEGACY_PREFIXES: [string, string][] = [
  ['execution.parameters', 'hyperparams.Args'],
  ['execution.model_desc', 'configuration'],
  ['execution.docker_cmd', 'container'],
]

/** Renames legacy field paths and checks hyperparameter paths (ClearML's escape_paths). */
export function rewriteFieldPath(path: string): string {
  const negated = path.startsWith('-')
  let bare = negated ? path.slice(1) : path
  for (const [from, to] of LEGACY_PREFIXES) {
    if (bare === from || bare.startsWith(`${from}.`)) bare = to + bare.slice(from.length)
  }
  const parts = bare.split('.')
  if (PARAM_ROOTS.has(parts[0]) && parts.length > 4) {
    throw errors.validation('invalid task field', { path })
  }
  return negated ? `-${bare}` : bare
}

const rewriteList = (v: unknown): unknown =>
  Array.isArray(v) ? v.map((f) => (typeof f === 'string' ? rewriteFieldPath(f) : f)) : typeof v === 'string' ? rewriteFieldPath(v) : v

/** The request with legacy names rewritten in field keys, only_fields / projection and order_by. */
export function rewriteLegacyRequest(request: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(request)) {
    if (key === 'only_fields' || key === 'projection' || key === 'order_by') out[key] = rewriteList(value)
    else out[key.includes('.') ? rewriteFieldPath(key) : key] = value
  }
  return out
}

function storedPath(path: FieldPath): FieldPath {
  if (!PARAM_ROOTS.has(path[0]) || path.length < 2) return path
  return [path[0], ...path.slice(1).map((p) => unescapeParamKey(p).trim())]
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Model references sit in lists of objects, which store paths cannot step into: a reference filter matches the
 * list's JSON text instead ("model":"<id>"), and null matches an empty list.
 */
function modelRefFilter(f: Filter & { op: 'in' | 'hasAll' }): Filter {
  const list = f.path.slice(0, 2)
  const terms = f.values.map((v): Filter => (v === null
    ? { op: 'empty', path: list }
    : { op: 'regex', path: list, pattern: `"model":\\s*"${escapeRegex(String(v))}"`, ignoreCase: false }))
  return f.op === 'in' ? or(...terms) : and(...terms)
}

const isModelRefPath = (path: FieldPath): boolean =>
  path.length === 3 && path[0] === 'models' && (path[1] === 'input' || path[1] === 'output') && path[2] === 'model'

function mapFilter(f: Filter): Filter {
  switch (f.op) {
    case 'all':
      return f
    case 'and':
    case 'or':
      return { op: f.op, items: f.items.map(mapFilter) }
    case 'not':
      return { op: 'not', item: mapFilter(f.item) }
    case 'in':
    case 'hasAll':
      return isModelRefPath(f.path) ? modelRefFilter(f) : { ...f, path: storedPath(f.path) }
    case 'empty':
      return { op: 'empty', path: isModelRefPath(f.path) ? f.path.slice(0, 2) : storedPath(f.path) }
    default:
      return { ...f, path: storedPath(f.path) }
  }
}

function mapOrder(o: OrderBy): OrderBy {
  const path = storedPath(o.path)
  // A whole parameter orders by its value (Mongo compares the embedded document field by field, value last).
  const byValue = (path[0] === 'hyperparams' && path.length === 3) || (path[0] === 'configuration' && path.length === 2)
  return { ...o, path: byValue ? [...path, 'value'] : path }
}

/** Filter and order paths as stored (unescaped parameter keys). */
export function toStoredPaths(query: GetAllQuery): GetAllQuery {
  return { ...query, filter: mapFilter(query.filter), orderBy: query.orderBy.map(mapOrder) }
}

const escapedPath = (path: string): string => {
  const parts = path.split('.')
  if (!PARAM_ROOTS.has(parts[0]) || parts.length < 2) return path
  return [parts[0], ...parts.slice(1).map((p) => escapeParamKey(unescapeParamKey(p).trim()))].join('.')
}

/**
 * The projection to apply to a task whose parameter keys are escaped (escapeTaskParamKeys): `*` means every
 * field, `x.*` means `x`, and unknown top-level fields are refused (400/14).
 */
export function normalizeTaskProjection(projection: Projection | undefined): Projection | undefined {
  if (!projection) return undefined
  const clean = (fields: readonly string[]) => fields.map((f) => (f.endsWith('.*') ? f.slice(0, -2) : f)).filter((f) => f !== '')
  const include = clean(projection.include)
  const exclude = clean(projection.exclude)
  const invalid = [...include, ...exclude].filter((f) => f !== '*' && !TASK_FIELDS.has(f.split('.')[0]))
  if (invalid.length > 0) throw errors.invalidFields(undefined, { fields: invalid, object: 'Task' })
  const all = include.includes('*')
  return {
    include: all ? [] : include.map(escapedPath),
    exclude: exclude.map(escapedPath),
  }
}

type Json = Record<string, unknown>

function mapKeys(map: unknown, depth: number, fn: (k: string) => string): unknown {
  if (!isJsonObject(map) || depth === 0) return map
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [fn(k), mapKeys(v, depth - 1, fn)]))
}

/** Escapes (or unescapes) hyperparameter section/name keys and configuration names of a task view, in place. */
export function escapeTaskParamKeys(doc: Json, direction: 'escape' | 'unescape'): Json {
  const fn = direction === 'escape' ? escapeParamKey : unescapeParamKey
  if ('hyperparams' in doc) doc.hyperparams = mapKeys(doc.hyperparams, 2, fn)
  if ('configuration' in doc) doc.configuration = mapKeys(doc.configuration, 1, fn)
  return doc
}
