// Compiles the backend-neutral Filter to SQLite SQL over JSON documents: column `doc`, or `hot` for the top-level
// fields a table keeps apart (migrations.ts). Indexed top-level fields are written as literal json_extract
// expressions so SQLite can use the expression indexes created by the migrations; every other path is a bound
// parameter.
import type { FieldPath, Filter, OrderBy, Scalar } from '../../domain/query/filter.js'
import { preparePattern } from './pattern-function.js'

export interface SqlFragment { sql: string; params: unknown[] }

const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/

/** SQLite reads backslash escapes inside a quoted label: a key's own `\` and `"` are escaped so they match it. */
export function jsonPath(path: FieldPath): string {
  return '$' + path.map((p) => (SAFE_KEY.test(p) ? `.${p}` : `."${p.replace(/["\\]/g, '\\$&')}"`)).join('')
}

export interface FilterOptions {
  /** Paths known to hold scalars (never arrays), compiled to a direct, index-friendly comparison. */
  readonly scalarPaths: ReadonlySet<string>
  /** Top-level fields stored in the `hot` column rather than in `doc`. */
  readonly hotFields?: ReadonlySet<string>
}

const columnOf = (path: FieldPath, o: FilterOptions): string => (o.hotFields?.has(path[0]) ? 'hot' : 'doc')

/** The SQL expression for a path, and its parameters. */
function field(path: FieldPath, o: FilterOptions): SqlFragment {
  const column = columnOf(path, o)
  if (path.length === 1 && SAFE_KEY.test(path[0])) return { sql: `json_extract(${column}, '$.${path[0]}')`, params: [] }
  return { sql: `json_extract(${column}, ?)`, params: [jsonPath(path)] }
}

const sqlValue = (v: Scalar): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v)

function compileIn(path: FieldPath, values: readonly Scalar[], o: FilterOptions, scalarOnly: boolean): SqlFragment {
  const present = values.filter((v) => v !== null)
  if (present.length === 0) return { sql: '0', params: [] }
  const marks = present.map(() => '?').join(', ')
  if (scalarOnly) {
    const f = field(path, o)
    return { sql: `${f.sql} IN (${marks})`, params: [...f.params, ...present.map(sqlValue)] }
  }
  // json_each yields the elements of an array and the value itself for a scalar, so one form serves both.
  return {
    sql: `EXISTS (SELECT 1 FROM json_each(${columnOf(path, o)}, ?) WHERE value IN (${marks}))`,
    params: [jsonPath(path), ...present.map(sqlValue)],
  }
}

export function compileFilter(filter: Filter, options: FilterOptions): SqlFragment {
  switch (filter.op) {
    case 'all':
      return { sql: '1', params: [] }
    case 'and':
    case 'or': {
      if (filter.items.length === 0) return { sql: filter.op === 'and' ? '1' : '0', params: [] }
      const parts = filter.items.map((f) => compileFilter(f, options))
      return {
        sql: parts.map((p) => `(${p.sql})`).join(filter.op === 'and' ? ' AND ' : ' OR '),
        params: parts.flatMap((p) => p.params),
      }
    }
    case 'not': {
      const inner = compileFilter(filter.item, options)
      // A missing field makes a comparison NULL; MongoDB's $nin/$not still match such documents, and so do we.
      return { sql: `NOT coalesce((${inner.sql}), 0)`, params: inner.params }
    }
    case 'in':
      return compileIn(filter.path, filter.values, options, options.scalarPaths.has(filter.path.join('.')))
    case 'hasAll': {
      const parts = filter.values.map((v) => compileIn(filter.path, [v], options, false))
      return { sql: parts.map((p) => `(${p.sql})`).join(' AND ') || '1', params: parts.flatMap((p) => p.params) }
    }
    case 'empty': {
      const p = jsonPath(filter.path)
      const c = columnOf(filter.path, options)
      return {
        sql: `(json_type(${c}, ?) IS NULL OR json_type(${c}, ?) = 'null' OR json_extract(${c}, ?) = ''
               OR (json_type(${c}, ?) IN ('array', 'object') AND json_extract(${c}, ?) IN ('[]', '{}')))`,
        params: [p, p, p, p, p],
      }
    }
    case 'regex': {
      // Compiled now, before the statement runs: a malformed, over-long or too complex pattern is a 400 here, and
      // clarion_regex finds every pattern of the statement compiled.
      const p = preparePattern(filter.pattern, filter.ignoreCase, filter.path.join('.'))
      const f = field(filter.path, options)
      return { sql: `clarion_regex(?, ?, ${f.sql})`, params: [p.pattern, p.flags, ...f.params] }
    }
    case 'cmp': {
      const f = field(filter.path, options)
      const left = filter.numeric ? `clarion_number(${f.sql})` : f.sql
      return { sql: `${left} ${filter.cmp} ?`, params: [...f.params, filter.value] }
    }
  }
}

/**
 * ORDER BY with nulls (and empty values) last in both directions for the first key, then id as tie-breaker, as
 * ClearML does; with no keys at all, insertion order (MongoDB's natural order).
 */
export function compileOrder(orderBy: readonly OrderBy[], options: FilterOptions): SqlFragment {
  const parts: string[] = []
  const params: unknown[] = []
  orderBy.forEach((o, i) => {
    const f = field(o.path, options)
    const expr = o.numeric ? `clarion_number(${f.sql})` : f.sql
    if (i === 0) {
      parts.push(`(${f.sql} IS NULL OR ${f.sql} = '' OR ${f.sql} = '[]')`)
      params.push(...f.params, ...f.params, ...f.params)
    }
    if (o.numeric) {
      // Numbers first in numeric order, then non-numeric text in text order.
      parts.push(`${expr} ${o.descending ? 'DESC' : 'ASC'}`)
      params.push(...f.params)
    }
    parts.push(`${f.sql} ${o.descending ? 'DESC' : 'ASC'}`)
    params.push(...f.params)
  })
  // Ties go by insertion order, as MongoDB's natural order does (by id they were random: two queues created in
  // one millisecond listed in either order).
  parts.push('rowid ASC')
  return { sql: parts.join(', '), params }
}
