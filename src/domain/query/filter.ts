// A backend-neutral filter over JSON documents. The get_all query language compiles to this; each store
// dialect compiles it to SQL. Paths address fields inside a document (`['hyperparams', 'Args', 'lr', 'value']`).

export type FieldPath = readonly string[]
export type Scalar = string | number | boolean | null

export type Filter =
  | { readonly op: 'all' }
  | { readonly op: 'and' | 'or'; readonly items: readonly Filter[] }
  | { readonly op: 'not'; readonly item: Filter }
  /** The value (or, for an array, any element) is one of `values`. */
  | { readonly op: 'in'; readonly path: FieldPath; readonly values: readonly Scalar[] }
  /** An array holding every one of `values`. */
  | { readonly op: 'hasAll'; readonly path: FieldPath; readonly values: readonly Scalar[] }
  /** Missing, null, empty string or empty array. */
  | { readonly op: 'empty'; readonly path: FieldPath }
  | { readonly op: 'regex'; readonly path: FieldPath; readonly pattern: string; readonly ignoreCase: boolean }
  /** Compares as numbers when `numeric`, else as strings (ISO dates compare correctly as strings). */
  | { readonly op: 'cmp'; readonly path: FieldPath; readonly cmp: '<' | '<=' | '>' | '>='; readonly value: string | number; readonly numeric: boolean }

export interface OrderBy {
  readonly path: FieldPath
  readonly descending: boolean
  /** Natural order for values stored as text (hyperparameter values, metadata). */
  readonly numeric: boolean
}

export interface FindQuery {
  readonly filter: Filter
  readonly orderBy?: readonly OrderBy[]
  readonly offset?: number
  readonly limit?: number
}

export const ALL: Filter = { op: 'all' }

export const and = (...items: Filter[]): Filter => {
  const kept = items.filter((f) => f.op !== 'all')
  if (kept.length === 0) return ALL
  return kept.length === 1 ? kept[0] : { op: 'and', items: kept }
}

export const or = (...items: Filter[]): Filter => (items.length === 1 ? items[0] : { op: 'or', items })

export const not = (item: Filter): Filter => ({ op: 'not', item })

export const isIn = (path: FieldPath | string, values: readonly Scalar[]): Filter => ({
  op: 'in',
  path: typeof path === 'string' ? path.split('.') : path,
  values,
})

export const eq = (path: FieldPath | string, value: Scalar): Filter => isIn(path, [value])
