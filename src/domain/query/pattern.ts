// Client name patterns (`name`, `_any_.pattern`, `search_text`, `pattern`, `worker_pattern`…) compiled for a
// linear-time engine. ClearML hands them to MongoDB's `$regex` (PCRE, an unanchored search); run as JavaScript
// RegExps they backtrack, and `(a+)+$` against a 30-character name held the event loop for 13.7 s. re2js (a port
// of RE2) matches in time linear in the text, and rejects what it cannot do in linear time: backreferences,
// lookaround, possessive quantifiers, atomic groups. Those get 400/21, as any malformed pattern does.
//
// Python-side escaping must keep matching literally: the SDK builds `^<re.escape(name)>$`, and before Python 3.7
// re.escape put a backslash before every character but ASCII letters, digits and `_`, non-ASCII letters included.
// RE2 accepts `\` before any ASCII punctuation or space but refuses it before a non-ASCII character, so that
// escape is dropped here (PCRE reads it as the character itself).
import { RE2JS, RE2JSSyntaxException } from 're2js'
import { errors } from '../../errors.js'
import { MAX_PROJECT_NAME_CHARS } from '../limits.js'

/**
 * Patterns with regular-expression syntax, and case-insensitive ones: ~1,000 characters is more than any
 * hand-written pattern needs, and keeps compiling (up to ~30 ms) and matching (proportional to the pattern's size
 * times the text's) small.
 */
export const MAX_PATTERN_CHARS = 1_000
/**
 * Plain escaped text, optionally anchored, as the SDK sends to look an entity up by name: room for the longest
 * project path with every character escaped, plus the SDK's `^`, `$` or `/.*`. Matched as a string, not a regex.
 */
export const MAX_LITERAL_PATTERN_CHARS = 2 * MAX_PROJECT_NAME_CHARS + 16
/**
 * Instructions in the compiled program. A pattern without counted repetition compiles to at most ~1.5 per
 * character (`()` pairs), so every such pattern within MAX_PATTERN_CHARS fits; `x{n,m}` may not blow a short
 * pattern up past it (`.{0,1000}` a hundred times over would take seconds just to compile).
 */
export const MAX_PATTERN_PROGRAM = 1_600
/** Compiled patterns kept: the SQLite function looks its pattern up once per row. Each may hold a few MB of DFA. */
const CACHE_SIZE = 32

export interface PatternOptions {
  /** `_any_`, search_text and the value lookups match regardless of case; `name` fields do not. */
  readonly ignoreCase?: boolean
  /** The request field, for error messages. */
  readonly field?: string
}

export interface CompiledPattern {
  /** An unanchored search, as `$regex` does: true when the pattern matches anywhere in `text`. */
  test(text: string): boolean
}

// A memo of pure results (the compiled form depends only on the pattern and its flags), shared by the services and
// the store's SQL function so a pattern validated before a query is not compiled again for each row.
const cache = new Map<string, CompiledPattern>()

/** The pattern compiled; 400/12 when it is too long, 400/21 when it is malformed or too complex. */
export function compilePattern(pattern: string, options: PatternOptions = {}): CompiledPattern {
  const ignoreCase = options.ignoreCase === true
  const key = (ignoreCase ? 'i' : '-') + pattern
  const cached = cache.get(key)
  if (cached !== undefined) {
    if (cache.size > 1) {
      cache.delete(key)
      cache.set(key, cached)
    }
    return cached
  }
  const compiled = build(pattern, ignoreCase, options.field ?? 'pattern')
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string)
  cache.set(key, compiled)
  return compiled
}

function build(pattern: string, ignoreCase: boolean, field: string): CompiledPattern {
  if (pattern.length > MAX_LITERAL_PATTERN_CHARS) {
    throw errors.validation(`${field}: a pattern may have at most ${MAX_LITERAL_PATTERN_CHARS} characters`)
  }
  const literal = asLiteral(pattern)
  if (literal && !ignoreCase) return literalMatcher(literal)
  if (pattern.length > MAX_PATTERN_CHARS) {
    throw errors.validation(`${field}: a pattern other than plain escaped text may have at most ${MAX_PATTERN_CHARS} characters`)
  }
  const compiled = compileRe2(pattern, ignoreCase, field)
  return literal && isAscii(literal.text) ? asciiCaselessMatcher(literal, compiled) : compiled
}

function compileRe2(pattern: string, ignoreCase: boolean, field: string): RE2JS {
  const source = toRe2Syntax(pattern)
  const tooComplex = `too complex: it compiles to more than ${MAX_PATTERN_PROGRAM} instructions`
  if (estimateProgramSize(source) > MAX_PATTERN_PROGRAM) throw errors.invalidRegex(tooComplex, { field })
  let compiled: RE2JS
  try {
    compiled = RE2JS.compile(source, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0)
  } catch (err) {
    // Whatever re2js refuses is the pattern's fault (syntax, an unsupported feature, its own size limits).
    throw errors.invalidRegex(describeError(err), { field, pattern })
  }
  if (compiled.programSize() > MAX_PATTERN_PROGRAM) throw errors.invalidRegex(tooComplex, { field })
  return compiled
}

function describeError(err: unknown): string {
  if (!(err instanceof RE2JSSyntaxException)) return 'not supported by the linear-time engine'
  const where = err.getPattern()
  return where ? `${err.getDescription()} at \`${where}\`` : err.getDescription()
}

// ---------------------------------------------------------------------------------------------- plain text

interface Literal { readonly text: string; readonly atStart: boolean; readonly atEnd: boolean }

const META = new Set('\\.+*?()|[]{}^$')
const isAsciiAlnum = (code: number): boolean =>
  (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)

/** `^`? then characters and backslash-escaped non-alphanumerics, then `$` or `.*`?; undefined for anything else. */
function asLiteral(pattern: string): Literal | undefined {
  const atStart = pattern.startsWith('^')
  let end = pattern.length
  let atEnd = false
  // `.*` at the very end matches the empty string, so it changes nothing for a search.
  if (pattern.endsWith('.*') && !isEscaped(pattern, end - 2)) {
    end -= 2
  } else if (pattern.endsWith('$') && !isEscaped(pattern, end - 1)) {
    end -= 1
    atEnd = true
  }
  let text = ''
  for (let i = atStart ? 1 : 0; i < end; i++) {
    const c = pattern[i]
    if (c !== '\\') {
      if (META.has(c)) return undefined
      text += c
      continue
    }
    const next = pattern.codePointAt(i + 1)
    if (next === undefined || i + 1 >= end || isAsciiAlnum(next)) return undefined
    const char = String.fromCodePoint(next)
    text += char
    i += char.length
  }
  return { text, atStart, atEnd }
}

/** Whether the character at `index` follows an odd run of backslashes. */
function isEscaped(pattern: string, index: number): boolean {
  let slashes = 0
  for (let i = index - 1; i >= 0 && pattern[i] === '\\'; i--) slashes++
  return slashes % 2 === 1
}

function literalMatcher({ text, atStart, atEnd }: Literal): CompiledPattern {
  if (atStart && atEnd) return { test: (s) => s === text }
  if (atStart) return { test: (s) => s.startsWith(text) }
  if (atEnd) return { test: (s) => s.endsWith(text) }
  return { test: (s) => s.includes(text) }
}

const ASCII = /^[\x00-\x7f]*$/
const isAscii = (s: string): boolean => ASCII.test(s)

/**
 * Case-insensitive plain text (the web app's search box): between ASCII strings, lower-casing both sides is
 * exactly RE2's case folding, and several times faster; any other text goes to the compiled pattern.
 */
function asciiCaselessMatcher(literal: Literal, compiled: RE2JS): CompiledPattern {
  const lower = literalMatcher({ ...literal, text: literal.text.toLowerCase() })
  return { test: (s) => (isAscii(s) ? lower.test(s.toLowerCase()) : compiled.test(s)) }
}

// ---------------------------------------------------------------------------------------------- RE2 syntax

/**
 * PCRE/Python spellings RE2 lacks, rewritten: `\` before a non-ASCII character is that character, and `\Z`
 * (Python's end of text) is RE2's `\z`. `\Q…\E` is copied as it is: RE2 quotes it the same way.
 */
function toRe2Syntax(pattern: string): string {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    const next = c === '\\' ? pattern.codePointAt(i + 1) : undefined
    if (next === undefined) {
      out += c
    } else if (next === 0x51 /* Q */) {
      const close = pattern.indexOf('\\E', i + 2)
      const stop = close < 0 ? pattern.length : close + 2
      out += pattern.slice(i, stop)
      i = stop - 1
    } else {
      const char = String.fromCodePoint(next)
      out += next >= 0x80 ? char : next === 0x5a /* Z */ ? '\\z' : c + char
      i += char.length
    }
  }
  return out
}

const COUNTED_REPEAT = /\{(\d+)(?:(,)(\d*))?\}/y
/** RE2 refuses counts above 1,000; capping keeps the arithmetic finite for what it will refuse anyway. */
const capCount = (digits: string): number => Math.min(Number(digits), 1_001)

/**
 * An estimate of the compiled program's size, read from the source without compiling it (re2js spends 5–20 µs
 * per instruction): one per character, a group's content plus two, and a counted repetition multiplying the atom
 * before it, with one more instruction per optional copy.
 */
function estimateProgramSize(source: string): number {
  const groups: number[] = [0]
  let atom = 0
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '(') {
      groups.push(0)
      atom = 0
      continue
    }
    if (c === '{') {
      COUNTED_REPEAT.lastIndex = i
      const m = COUNTED_REPEAT.exec(source)
      if (m) {
        const min = capCount(m[1])
        const max = m[2] === undefined ? min : m[3] === '' ? min + 1 : capCount(m[3])
        groups[groups.length - 1] += atom * (max - 1) + Math.max(0, max - min)
        atom *= max
        i = COUNTED_REPEAT.lastIndex - 1
        continue
      }
    }
    let size = 1
    if (c === '\\') {
      const escape = readEscape(source, i)
      i = escape.end
      size = escape.size
    } else if (c === '[') {
      i = classEnd(source, i)
    } else if (c === ')' && groups.length > 1) {
      size = (groups.pop() as number) + 2
    }
    groups[groups.length - 1] += size
    atom = size
  }
  return groups.reduce((sum, n) => sum + n, 0)
}

function readEscape(source: string, at: number): { end: number; size: number } {
  const kind = source[at + 1]
  if (kind === 'Q') {
    const close = source.indexOf('\\E', at + 2)
    return close < 0 ? { end: source.length, size: source.length - at - 2 } : { end: close + 1, size: close - at - 2 }
  }
  if ((kind === 'x' || kind === 'p' || kind === 'P') && source[at + 2] === '{') {
    const close = source.indexOf('}', at + 3)
    return { end: close < 0 ? source.length : close, size: 1 }
  }
  return { end: at + (kind === 'x' ? 3 : kind === 'p' || kind === 'P' ? 2 : 1), size: 1 }
}

/** The index of the `]` closing the class opened at `at` (or the end): `[]a]`, `[^]a]`, `[[:alpha:]]`, `[\]]`. */
function classEnd(source: string, at: number): number {
  let i = at + 1
  if (source[i] === '^') i++
  if (source[i] === ']') i++
  while (i < source.length && source[i] !== ']') {
    if (source[i] === '\\') i += 2
    else if (source.startsWith('[:', i)) i = Math.max(source.indexOf(':]', i + 2) + 2, i + 2)
    else i++
  }
  return i
}
