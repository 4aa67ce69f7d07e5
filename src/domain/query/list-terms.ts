// The list-field mini language of get_all: plain values are OR-ed; "__$all"/"__$and" switch the following values
// to AND, "__$any"/"__$or" back to OR, "__$not" negates the next value, "__$nop" resets; a leading "-" excludes
// (legacy form, only before the first operator); null also matches a missing or empty field.
import { errors } from '../../errors.js'
import { boundedList } from './field-path.js'
import { and, not, or, type FieldPath, type Filter } from './filter.js'

type Context = 'or' | 'and'

interface Buckets { in: string[]; all: string[]; nin: string[] }

const OPERATORS: Record<string, Context> = { '__$all': 'and', '__$and': 'and', '__$any': 'or', '__$or': 'or' }

export function listFieldFilter(field: string, path: FieldPath, raw: unknown): Filter {
  const values = boundedList(field, Array.isArray(raw) ? raw : [raw])
  const buckets: Buckets = { in: [], all: [], nin: [] }
  let context: Context = 'or'
  let global: Context | undefined
  let legacy = true
  let negateNext = false
  let allowEmpty = false
  for (const value of values) {
    if (value === null) {
      negateNext = false
      allowEmpty = true
      global ??= 'and'
      continue
    }
    if (typeof value !== 'string') throw errors.fieldsValue('invalid value type, string expected', { field, value: String(value) })
    if (value === '__$nop') {
      negateNext = false
      context = 'or'
      legacy = true
      global ??= 'and'
      continue
    }
    if (value.startsWith('__$')) {
      if (negateNext) throw errors.fieldsValue('a value is expected after __$not', { field })
      if (value === '__$not') {
        negateNext = true
        continue
      }
      const op = OPERATORS[value]
      if (!op) throw errors.fieldsValue('unsupported operator', { field, operator: value })
      context = op
      legacy = false
      global ??= op
      continue
    }
    global ??= 'and'
    if (!negateNext && legacy && value.startsWith('-')) {
      if (value.length === 1) throw errors.fieldsValue('missing value after the exclude prefix -', { field })
      buckets.nin.push(value.slice(1))
      continue
    }
    if (negateNext) buckets.nin.push(value)
    else if (context === 'and') buckets.all.push(value)
    else buckets.in.push(value)
    negateNext = false
  }
  if (negateNext) throw errors.fieldsValue('a value is expected after __$not', { field })

  const parts: Filter[] = []
  if (buckets.in.length > 0) parts.push({ op: 'in', path, values: dedupe(buckets.in) })
  if (buckets.all.length > 0) parts.push({ op: 'hasAll', path, values: dedupe(buckets.all) })
  if (buckets.nin.length > 0) parts.push(not({ op: 'in', path, values: dedupe(buckets.nin) }))
  let result: Filter | undefined
  if (parts.length > 0) result = (global ?? 'and') === 'and' ? and(...parts) : or(...parts)
  if (!allowEmpty) return result ?? { op: 'all' }
  const empty: Filter = { op: 'empty', path }
  return result ? or(result, empty) : empty
}

const dedupe = (values: string[]): string[] => [...new Set(values)]

/** The structured `filters: {field: {any: {include, exclude}, all: {include, exclude}, op}}` form. */
export function structuredListFilter(field: string, path: FieldPath, raw: unknown): Filter {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw errors.validation('invalid filter for field, dictionary expected', { field })
  }
  const spec = raw as Record<string, unknown>
  for (const key of Object.keys(spec)) {
    if (!['any', 'all', 'op'].includes(key)) throw errors.validation(`unknown filter key ${key}`, { field })
  }
  const op = spec.op ?? 'and'
  if (op !== 'and' && op !== 'or') throw errors.validation(`invalid list query filter operator ${String(op)}`, { field })
  const groups: Filter[] = []
  for (const kind of ['any', 'all'] as const) {
    const group = spec[kind]
    if (group === undefined || group === null) continue
    const conditions = groupConditions(field, path, kind, group)
    if (conditions.length > 0) groups.push(kind === 'any' ? or(...conditions) : and(...conditions))
  }
  if (groups.length === 0) return { op: 'all' }
  return op === 'and' ? and(...groups) : or(...groups)
}

function groupConditions(field: string, path: FieldPath, kind: 'any' | 'all', group: unknown): Filter[] {
  if (typeof group !== 'object' || group === null || Array.isArray(group)) throw errors.validation(`invalid ${kind} filter`, { field })
  const g = group as Record<string, unknown>
  for (const key of Object.keys(g)) {
    if (key !== 'include' && key !== 'exclude') throw errors.validation(`unknown filter key ${key}`, { field })
  }
  const out: Filter[] = []
  for (const include of [true, false]) {
    const list = g[include ? 'include' : 'exclude']
    if (list === undefined || list === null) continue
    if (!Array.isArray(list)) throw errors.validation('include and exclude must be lists', { field })
    boundedList(`${field}.${kind}.${include ? 'include' : 'exclude'}`, list)
    const values = dedupe(list.filter((v): v is string => typeof v === 'string'))
    const hasNull = list.includes(null)
    const empty: Filter = { op: 'empty', path }
    if (hasNull) out.push(include ? empty : not(empty))
    if (values.length === 0) continue
    if (kind === 'any') out.push(include ? { op: 'in', path, values } : not({ op: 'hasAll', path, values }))
    else out.push(include ? { op: 'hasAll', path, values } : not({ op: 'in', path, values }))
  }
  return out
}
