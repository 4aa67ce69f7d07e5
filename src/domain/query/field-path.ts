// Field paths and lists as clients send them to the query language, checked before they become JSON paths and
// SQL parameters: a NUL cuts SQLite's JSON path short, and a list or path has no use beyond the limits.
import { errors } from '../../errors.js'
import { fieldPathProblem, MAX_LIST_ITEMS } from '../limits.js'
import type { FieldPath } from './filter.js'

/** `a.b.c` as a path; 400/12 for a path over the length limit or with a control character. */
export function fieldPath(field: string): FieldPath {
  const problem = fieldPathProblem(field)
  if (problem) throw errors.validation(problem, { field: JSON.stringify(field.slice(0, 100)) })
  return field.split('.')
}

/** The list itself; 400/12 when it holds more than `max` items. */
export function boundedList<T>(field: string, list: readonly T[], max = MAX_LIST_ITEMS): readonly T[] {
  if (list.length > max) throw errors.validation(`${field} has more than ${max} items`)
  return list
}
