// How big a Filter a client may build. Each condition becomes an SQL expression and each value a bound parameter;
// SQLite refuses an expression nested deeper than 1,000 (a chain of ORs nests one level per condition) and more
// than 32,766 parameters, and would fail with a 500 rather than a clear answer.
import { errors } from '../../errors.js'
import { MAX_FILTER_TERMS, MAX_FILTER_VALUES } from '../limits.js'
import type { Filter } from './filter.js'

export interface FilterSize { terms: number; values: number }

export function filterSize(filter: Filter): FilterSize {
  const size: FilterSize = { terms: 0, values: 0 }
  const stack: Filter[] = [filter]
  while (stack.length > 0) {
    const f = stack.pop() as Filter
    if (f.op === 'and' || f.op === 'or') stack.push(...f.items)
    else if (f.op === 'not') stack.push(f.item)
    else if (f.op === 'hasAll') {
      // One membership test per value, joined with AND.
      size.terms += f.values.length
      size.values += f.values.length
    } else if (f.op !== 'all') {
      size.terms += 1
      size.values += f.op === 'in' ? f.values.length : 1
    }
  }
  return size
}

/** The filter itself; 400/12 when it has more conditions or values than the store can run. */
export function checkFilterSize(filter: Filter): Filter {
  const { terms, values } = filterSize(filter)
  if (terms > MAX_FILTER_TERMS) throw errors.validation(`the query has more than ${MAX_FILTER_TERMS} conditions`)
  if (values > MAX_FILTER_VALUES) throw errors.validation(`the query has more than ${MAX_FILTER_VALUES} values`)
  return filter
}
