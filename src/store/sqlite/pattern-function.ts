// `clarion_regex(pattern, flags, value)`: name patterns in SQL (filter-sql.ts), run by the linear-time matcher of
// domain/query/pattern.ts. The query builder compiles every pattern with preparePattern before the statement
// runs, so a malformed or over-long one is a 400 before any row is read, and the function finds it compiled.
import type { Database } from 'better-sqlite3'
import { compilePattern, type CompiledPattern } from '../../domain/query/pattern.js'
import { errors } from '../../errors.js'

/**
 * How long pattern matching may hold the event loop in one stretch. Linear time still multiplies the pattern's
 * size by the text's and by the rows: a hostile pattern of 1,000 characters against thousands of 1,000-character
 * names would take minutes. An ordinary pattern takes about a microsecond per row, so a search over a million rows
 * stays within it.
 */
export const PATTERN_TIME_BUDGET_MS = 2_000

/**
 * What happens between two turns of the event loop. A statement runs synchronously, right after its SQL was
 * built, so the patterns compiled for it and all of its rows (and every statement of a synchronous transaction)
 * fall in one stretch; setImmediate ends it. Its patterns stay pinned until then however many a query has (a
 * `models.input.model` filter has one per id), where an LRU cycled row by row would miss every time.
 */
interface Stretch { spentMs: number; readonly patterns: Map<string, CompiledPattern> }

let stretch: Stretch | undefined

function currentStretch(): Stretch {
  if (stretch === undefined) {
    const opened: Stretch = { spentMs: 0, patterns: new Map() }
    stretch = opened
    setImmediate(() => {
      if (stretch === opened) stretch = undefined
    })
  }
  return stretch
}

const flagsOf = (ignoreCase: boolean): string => (ignoreCase ? 'i' : '')
const keyOf = (pattern: string, flags: string): string => `${flags}/${pattern}`

/** Compiles a pattern for the statement about to run: 400/12 or 400/21 now rather than a failure inside SQLite. */
export function preparePattern(pattern: string, ignoreCase: boolean, field: string): { pattern: string; flags: string } {
  const flags = flagsOf(ignoreCase)
  currentStretch().patterns.set(keyOf(pattern, flags), compilePattern(pattern, { ignoreCase, field }))
  return { pattern, flags }
}

export interface PatternFunctionOptions {
  readonly budgetMs?: number
  /** Milliseconds, monotonic. */
  readonly now?: () => number
}

export function registerPatternFunction(db: Database, options: PatternFunctionOptions = {}): void {
  const budgetMs = options.budgetMs ?? PATTERN_TIME_BUDGET_MS
  const now = options.now ?? (() => performance.now())
  // Rows of one statement usually repeat one pattern: comparing it with the last is cheaper than a map lookup.
  let last: { pattern: string; flags: unknown; matcher: CompiledPattern } | undefined
  const matcherFor = (pattern: string, flags: unknown): CompiledPattern => {
    if (last !== undefined && last.pattern === pattern && last.flags === flags) return last.matcher
    const ignoreCase = flags === 'i'
    const matcher = currentStretch().patterns.get(keyOf(pattern, flagsOf(ignoreCase))) ?? compilePattern(pattern, { ignoreCase })
    last = { pattern, flags, matcher }
    return matcher
  }
  db.function('clarion_regex', { deterministic: true }, (pattern: unknown, flags: unknown, value: unknown) => {
    if (typeof value !== 'string' || typeof pattern !== 'string') return 0
    const matcher = matcherFor(pattern, flags)
    const start = now()
    const isMatch = matcher.test(value)
    const current = currentStretch()
    current.spentMs += now() - start
    if (current.spentMs > budgetMs) {
      current.spentMs = 0
      throw errors.invalidRegex(`matching took longer than ${budgetMs} ms; use a simpler pattern or narrow the query`)
    }
    return isMatch ? 1 : 0
  })
}
