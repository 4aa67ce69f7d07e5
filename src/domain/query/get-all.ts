// The get_all / get_all_ex query language (server-architecture.md §5.4): field conditions by field class,
// `filters`, `_any_`/`_all_`, ordering with nulls last, paging and scrolling, projection. Pure: it turns a
// request into a Filter, an order and a page; services run it (src/services/common/get-all.ts).
import { toApiDate, parseApiDate } from '../dates.js'
import { errors } from '../../errors.js'
import { MAX_ORDER_FIELDS } from '../limits.js'
import { boundedList, fieldPath } from './field-path.js'
import { and, or, type Filter, type OrderBy, type Scalar } from './filter.js'
import { checkFilterSize } from './filter-size.js'
import { listFieldFilter, structuredListFilter } from './list-terms.js'
import type { Projection } from './projection.js'

export interface EntitySpec {
  /** Regex ("contains") fields. */
  readonly pattern: readonly string[]
  /** Value-or-list fields with the list operators; `hyperparams.*` names a prefix. */
  readonly list: readonly string[]
  /** `[min, max]` fields, both ends inclusive, either may be null. */
  readonly range: readonly string[]
  /** Date fields: a range, or values with `>=`, `>`, `<=`, `<` prefixes. */
  readonly datetime: readonly string[]
  /** Plain equality fields; `runtime.*` names a prefix. */
  readonly equality: readonly string[]
  /** Left out of results unless asked for by name in only_fields. */
  readonly excludedByDefault: readonly string[]
  /** Order by these prefixes numerically where values are numbers kept as text. */
  readonly numericOrder: readonly string[]
}

export interface ScrollRequest { readonly id: string | null; readonly size: number; readonly refresh: boolean }

export interface GetAllQuery {
  readonly filter: Filter
  readonly orderBy: OrderBy[]
  readonly projection: Projection | undefined
  readonly offset: number
  /** undefined: no limit. */
  readonly limit: number | undefined
  readonly scroll: ScrollRequest | undefined
  readonly searchHidden: boolean
}

function matchesPattern(field: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? field.startsWith(p.slice(0, -1)) : p === field))
}

/** Fields of the request that match a field class, with their non-null values. */
function pick(request: Record<string, unknown>, patterns: readonly string[]): [string, unknown][] {
  return Object.entries(request).filter(([field, value]) => value !== null && value !== undefined && matchesPattern(field, patterns))
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function rangeFilter(field: string, data: unknown, numeric: boolean): Filter {
  if (!Array.isArray(data) || data.length !== 2) throw errors.validation(`min and max values should be specified for range field ${field}`)
  let [min, max] = data as unknown[]
  if ((min === null || min === undefined) && (max === null || max === undefined)) {
    throw errors.validation(`at least one of min or max should be provided for field ${field}`)
  }
  const path = fieldPath(field)
  const convert = (v: unknown): string | number => {
    if (numeric && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
    const asDate = typeof v === 'string' && !numeric ? parseApiDate(v) : undefined
    return asDate ? toApiDate(asDate) : (v as string | number)
  }
  for (const v of [min, max]) {
    if (v !== null && v !== undefined && typeof v !== 'string' && typeof v !== 'number') {
      throw errors.validation(`range values must be numbers or strings for field ${field}`)
    }
  }
  min = min === null || min === undefined ? undefined : convert(min)
  max = max === null || max === undefined ? undefined : convert(max)
  const isNumeric = typeof min === 'number' || typeof max === 'number'
  const parts: Filter[] = []
  if (min !== undefined) parts.push({ op: 'cmp', path, cmp: '>=', value: min as string | number, numeric: isNumeric })
  if (max !== undefined) parts.push({ op: 'cmp', path, cmp: '<=', value: max as string | number, numeric: isNumeric })
  const bounded = and(...parts)
  // With no minimum, missing values match too, as in ClearML.
  return min === undefined ? or(bounded, { op: 'empty', path }) : bounded
}

const DATE_PREFIX = /^(>=|<=|>|<)?(.*)$/

function datetimeFilter(field: string, data: unknown): Filter {
  const values = Array.isArray(data) ? data : [data]
  const hasPrefix = values.some((v) => typeof v === 'string' && /^[<>]/.test(v))
  if (values.length === 2 && !hasPrefix) return rangeFilter(field, values, false)
  const parts: Filter[] = []
  for (const v of values) {
    if (typeof v !== 'string') continue
    const m = DATE_PREFIX.exec(v.trim())!
    const date = parseApiDate(m[2])
    if (!date) continue
    const cmp = (m[1] ?? '') as '' | '<' | '<=' | '>' | '>='
    parts.push(cmp === ''
      ? { op: 'in', path: fieldPath(field), values: [toApiDate(date)] }
      : { op: 'cmp', path: fieldPath(field), cmp, value: toApiDate(date), numeric: false })
  }
  return and(...parts)
}

function multiFieldFilter(key: string, value: unknown, spec: EntitySpec): Filter {
  if (typeof value !== 'object' || value === null) throw errors.validation(`incorrect field format: ${key}`)
  const { fields, pattern, datetime } = value as { fields?: unknown; pattern?: unknown; datetime?: unknown }
  if (!Array.isArray(fields) || (pattern === undefined) === (datetime === undefined)) {
    throw errors.validation(`incorrect field format: ${key}`)
  }
  const combine = key === '_any_' || key === '_or_' ? or : and
  const names = boundedList(`${key}.fields`, fields).filter((f): f is string => typeof f === 'string')
  if (names.length === 0) return { op: 'all' }
  if (pattern !== undefined) {
    if (typeof pattern !== 'string') throw errors.validation(`incorrect field format: ${key}`)
    return combine(...names.map((f): Filter => ({ op: 'regex', path: fieldPath(f), pattern, ignoreCase: true })))
  }
  const dateFields = names.filter((f) => spec.datetime.includes(f))
  if (dateFields.length === 0) return { op: 'all' }
  return combine(...dateFields.map((f) => datetimeFilter(f, datetime)))
}

function equalityValues(field: string, data: unknown): readonly Scalar[] {
  const values = boundedList(field, Array.isArray(data) ? data : [data])
  const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v)
  if (!values.every(isScalar)) throw errors.fieldsValue('invalid value type, a string, number or boolean expected', { field })
  return values
}

export function buildFilter(request: Record<string, unknown>, spec: EntitySpec): Filter {
  const parts: Filter[] = []
  for (const field of spec.pattern) {
    const pattern = request[field]
    if (typeof pattern === 'string' && pattern !== '') parts.push({ op: 'regex', path: fieldPath(field), pattern, ignoreCase: false })
  }
  const filters = request.filters ?? {}
  if (typeof filters !== 'object' || filters === null || Array.isArray(filters)) throw errors.fieldsValue('filters must be an object')
  const structured = pick(filters as Record<string, unknown>, spec.list)
  for (const [field, data] of structured) parts.push(structuredListFilter(field, fieldPath(field), data))
  const structuredNames = new Set(structured.map(([f]) => f))
  for (const [field, data] of pick(request, spec.list)) {
    if (!structuredNames.has(field)) parts.push(listFieldFilter(field, fieldPath(field), data))
  }
  for (const [field, data] of pick(request, spec.range)) {
    parts.push(rangeFilter(field, data, field.startsWith('last_metrics.') || !spec.datetime.includes(field)))
  }
  for (const [field, data] of pick(request, spec.equality)) {
    parts.push({ op: 'in', path: fieldPath(field), values: equalityValues(field, data) })
  }
  for (const field of spec.datetime) {
    if (request[field] !== undefined && request[field] !== null) parts.push(datetimeFilter(field, request[field]))
  }
  for (const key of ['_any_', '_or_', '_all_', '_and_']) {
    if (request[key] !== undefined && request[key] !== null) parts.push(multiFieldFilter(key, request[key], spec))
  }
  const text = request.search_text
  if (typeof text === 'string' && text.trim() !== '') {
    const pattern = escapeRegex(text.trim())
    parts.push(or(...['id', 'name', 'comment'].map((f): Filter => ({ op: 'regex', path: [f], pattern, ignoreCase: true }))))
  }
  return checkFilterSize(and(...parts))
}

export function buildOrder(request: Record<string, unknown>, spec: EntitySpec): OrderBy[] {
  const raw = request.order_by
  if (raw === undefined || raw === null || raw === '') return []
  const list = boundedList('order_by', Array.isArray(raw) ? raw : [raw], MAX_ORDER_FIELDS)
    .filter((f): f is string => typeof f === 'string' && f !== '' && f !== '@text_score')
  return list.map((f) => {
    const descending = f.startsWith('-')
    const field = descending ? f.slice(1) : f
    return { path: fieldPath(field), descending, numeric: spec.numericOrder.some((p) => field.startsWith(p)) }
  })
}

function buildPage(request: Record<string, unknown>, maxPageSize: number): { offset: number; limit: number | undefined } {
  const start = request.start
  if (start !== undefined && start !== null) {
    return { offset: checkedOffset(Math.floor(Number(start) || 0), 'start'), limit: scrollSize(request) }
  }
  const page = request.page ?? 0
  if (typeof page !== 'number' || page < 0) throw errors.validation('page must be >= 0')
  if ('page_size' in request && request.page_size === null && 'page' in request) {
    throw errors.missingRequiredFields('page_size is required when page is requested')
  }
  const pageSize = request.page_size ?? maxPageSize
  if (typeof pageSize !== 'number' || pageSize < 1) throw errors.validation('page_size must be > 0')
  const size = Math.min(Math.floor(pageSize), maxPageSize)
  return { offset: checkedOffset(Math.floor(page) * size, 'page'), limit: size }
}

/** Offsets beyond 2^53 are not integers to JavaScript, and SQLite refuses a non-integer OFFSET. */
function checkedOffset(offset: number, field: string): number {
  if (!Number.isSafeInteger(offset) || offset < 0) throw errors.validation(`${field} is out of range`)
  return offset
}

function scrollSize(request: Record<string, unknown>): number {
  const size = request.size
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
    throw errors.validation('an integer size of at least 1 is required when scrolling')
  }
  return size
}

function buildProjection(request: Record<string, unknown>): Projection | undefined {
  const raw = request.projection ?? request.only_fields
  if (!Array.isArray(raw) || raw.length === 0) return undefined
  const fields = boundedList('only_fields', raw).filter((f): f is string => typeof f === 'string' && f !== '')
  for (const f of fields) fieldPath(f.startsWith('-') ? f.slice(1) : f)
  return {
    include: fields.filter((f) => !f.startsWith('-')),
    exclude: fields.filter((f) => f.startsWith('-')).map((f) => f.slice(1)),
  }
}

export function parseGetAll(request: Record<string, unknown>, spec: EntitySpec, options: { maxPageSize: number }): GetAllQuery {
  const scroll: ScrollRequest | undefined = 'scroll_id' in request
    ? { id: typeof request.scroll_id === 'string' && request.scroll_id !== '' ? request.scroll_id : null,
        size: scrollSize(request), refresh: request.refresh_scroll === true }
    : undefined
  const page = scroll ? { offset: 0, limit: scroll.size } : buildPage(request, options.maxPageSize)
  return {
    filter: buildFilter(request, spec),
    orderBy: buildOrder(request, spec),
    projection: buildProjection(request),
    offset: page.offset,
    limit: page.limit,
    scroll,
    searchHidden: request.search_hidden === true || request.id !== undefined && request.id !== null,
  }
}
