import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isApiError } from '../../errors.js'
import { compilePattern, MAX_LITERAL_PATTERN_CHARS, MAX_PATTERN_CHARS, MAX_PATTERN_PROGRAM } from './pattern.js'

const matches = (pattern: string, text: string, ignoreCase = false): boolean => compilePattern(pattern, { ignoreCase }).test(text)

const codesOf = (fn: () => unknown): [number, number] | undefined => {
  try {
    fn()
  } catch (e) {
    if (isApiError(e)) return [e.code, e.subcode]
    throw e
  }
  return undefined
}

test('a pattern is an unanchored search, as MongoDB $regex does', () => {
  assert.equal(matches('SDK', 'Clarion SDK 48d49c'), true)
  assert.equal(matches('^SDK', 'Clarion SDK 48d49c'), false)
  assert.equal(matches('48d49c$', 'Clarion SDK 48d49c'), true)
  assert.equal(matches('^Clarion SDK 48d49c$', 'Clarion SDK 48d49c'), true)
  assert.equal(matches('^Clarion SDK 48d49c$', 'Clarion SDK 48d49c2'), false)
  assert.equal(matches('', 'anything'), true)
})

test('patterns the SDK sends (re.escape of the name) match the name literally', () => {
  // Taken from test/fixtures/clearml/*.jsonl.
  assert.equal(matches('^Clarion\\ SDK\\ 48d49c$', 'Clarion SDK 48d49c'), true)
  assert.equal(matches('^Clarion\\ SDK\\ 48d49c/.*', 'Clarion SDK 48d49c/sub project'), true)
  assert.equal(matches('^Clarion\\ SDK\\ 48d49c/.*', 'Clarion SDK 48d49c'), false)
  assert.equal(matches('^Clarion\\ SDK\\ 48d49c/\\.datasets$', 'Clarion SDK 48d49c/.datasets'), true)
  assert.equal(matches('^Clarion\\ SDK\\ 48d49c/\\.datasets$', 'Clarion SDK 48d49c/xdatasets'), false)
  assert.equal(matches('^Clarion\\ SDK\\ 48d49c/\\.datasets/ds\\ 48d49c$', 'Clarion SDK 48d49c/.datasets/ds 48d49c'), true)
  assert.equal(matches('plain\\-7c14cc', 'a plain-7c14cc task'), true)
  assert.equal(matches('My\\ Project', 'My Project'), true)
  assert.equal(matches('a\\.b', 'a.b'), true)
  assert.equal(matches('a\\.b', 'axb'), false)
  assert.equal(matches('x\\-y', 'x-y'), true)
})

test('Python before 3.7 escaped every non-alphanumeric character, non-ASCII letters included', () => {
  const name = 'exp_1/a:b@c%d=e,f<g>h!i#j&k~l\'m"n é 漢字 𝕏'
  const oldEscape = [...name].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `\\${c}`)).join('')
  assert.equal(matches(`^${oldEscape}$`, name), true)
  assert.equal(matches(`^${oldEscape}$`, `${name}!`), false)
  // The same escapes inside a pattern that is not plain text go through the regex engine.
  assert.equal(matches(`^(?:${oldEscape})+$`, name + name), true)
  assert.equal(matches('caf\\é|tea', 'café'), true)
  assert.equal(matches('[\\é]', 'é'), true)
  // Python 3.7+ escapes a newline as backslash + newline.
  assert.equal(matches('a\\\nb', 'a\nb'), true)
})

test('a pattern with regex syntax behaves as in PCRE', () => {
  assert.equal(matches('^task \\d+$', 'task 12'), true)
  assert.equal(matches('^task \\d+$', 'task x'), false)
  assert.equal(matches('a.c', 'a\nc'), false)
  assert.equal(matches('(?s)a.c', 'a\nc'), true)
  assert.equal(matches('^(?P<kind>train|eval)_\\w+', 'eval_run'), true)
  assert.equal(matches('\\bfoo\\b', 'a foo b'), true)
  assert.equal(matches('[[:digit:]]{3}', 'ab123'), true)
  assert.equal(matches('\\Qa.b\\E', 'a.b'), true)
  assert.equal(matches('\\Qa.b\\E', 'axb'), false)
  assert.equal(matches('\\p{Han}', '漢'), true)
  assert.equal(matches('^.$', '𝕏'), true)
  // Python's \Z is the end of the text; RE2 spells it \z.
  assert.equal(matches('abc\\Z', 'xabc'), true)
  assert.equal(matches('abc\\Z', 'abcx'), false)
})

test('case: name patterns are case-sensitive, ignoreCase and (?i) make them insensitive', () => {
  assert.equal(matches('^my project$', 'My Project'), false)
  assert.equal(matches('^my project$', 'My Project', true), true)
  assert.equal(matches('^my\\ project$', 'My Project', true), true)
  assert.equal(matches('(?i)^my project$', 'My Project'), true)
  assert.equal(matches('é', 'É', true), true)
})

test('catastrophic backtracking patterns answer at once against long names', () => {
  const name = `${'a'.repeat(40)}!`
  for (const pattern of ['(a+)+$', '(a|a)*b', '(.*a){20}$', '((a*)*)*b', '(a|aa)+$', '^(([a-z])+.)+[A-Z]([a-z])+$', '^(\\w+\\s?)*$']) {
    assert.equal(matches(pattern, name), false, pattern)
  }
  assert.equal(matches('(.*a){20}', name), true)
  assert.equal(matches(`^(${Array.from({ length: 60 }, (_, i) => 'a'.repeat(i % 6 + 1)).join('|')})*$`, name), false)
})

test('malformed patterns and features without a linear-time match are 400/21', () => {
  for (const pattern of ['[', '(', 'a)', '*', 'a**', '\\', 'x{2,1}', '(a)\\1', '(?=a)', '(?!a)', '(?<=a)b', '(?>a)', 'a++', '\\h', '(?P=x)']) {
    assert.deepEqual(codesOf(() => compilePattern(pattern)), [400, 21], pattern)
  }
})

test('patterns compiling to too large a program are 400/21 without being compiled', () => {
  for (const pattern of ['.{0,1000}'.repeat(100), 'a{1000}b{1000}', '(?:abcdefgh){1000}', '(?:a|b){1000}', '\\Qabcdefghij\\E{200}', '[abc]{1000}{2}']) {
    assert.ok(pattern.length <= MAX_PATTERN_CHARS)
    assert.deepEqual(codesOf(() => compilePattern(pattern)), [400, 21], pattern.slice(0, 30))
  }
  assert.equal(codesOf(() => compilePattern('a{1000}')), undefined)
  assert.equal(codesOf(() => compilePattern(`a{${(MAX_PATTERN_PROGRAM - 10) / 2}}b{${(MAX_PATTERN_PROGRAM - 10) / 2}}`)), undefined)
})

test('every pattern without counted repetition fits the program budget up to the length limit', () => {
  const fill = (unit: string): string => unit.repeat(Math.floor(MAX_PATTERN_CHARS / unit.length))
  for (const unit of ['a', '.', 'a?', 'a*', '(a)', '(?:a|b)', '[ab]', '\\d', 'x|(y)', '((a))', '\\pL', '^$', '()']) {
    assert.equal(codesOf(() => compilePattern(fill(unit))), undefined, unit)
  }
})

test('pattern length is bounded: 400/12, plain escaped text may be longer', () => {
  assert.equal(codesOf(() => compilePattern('a.'.repeat(MAX_PATTERN_CHARS / 2))), undefined)
  assert.deepEqual(codesOf(() => compilePattern(`${'a.'.repeat(MAX_PATTERN_CHARS / 2)}b`)), [400, 12])
  assert.deepEqual(codesOf(() => compilePattern('a'.repeat(1_000_000))), [400, 12])
  assert.deepEqual(codesOf(() => compilePattern('a'.repeat(MAX_PATTERN_CHARS + 1), { ignoreCase: true })), [400, 12])
  // The SDK's exact-match pattern for the longest project name, every character escaped.
  const name = '- '.repeat(Math.floor((MAX_LITERAL_PATTERN_CHARS - 2) / 4))
  const escaped = `^${name.replace(/[ -]/g, '\\$&')}$`
  assert.ok(escaped.length > MAX_PATTERN_CHARS && escaped.length <= MAX_LITERAL_PATTERN_CHARS)
  assert.equal(matches(escaped, name), true)
  assert.equal(matches(escaped, `${name}.`), false)
  assert.deepEqual(codesOf(() => compilePattern('a'.repeat(MAX_LITERAL_PATTERN_CHARS + 1))), [400, 12])
})

test('an error names the field and never echoes an over-long pattern', () => {
  try {
    compilePattern('a('.repeat(600_000), { field: 'name' })
    assert.fail('accepted')
  } catch (e) {
    assert.ok(isApiError(e))
    assert.match(e.message, /name/)
    assert.ok(e.message.length < 300)
  }
  assert.throws(() => compilePattern('[', { field: '_any_' }), (e) => isApiError(e) && /_any_/.test(e.message))
})

test('compiled patterns are cached per pattern and case mode', () => {
  assert.equal(compilePattern('^cached (a|b)$'), compilePattern('^cached (a|b)$'))
  assert.notEqual(compilePattern('^cached (a|b)$'), compilePattern('^cached (a|b)$', { ignoreCase: true }))
  const first = compilePattern('^evicted (x|y)$')
  for (let i = 0; i < 100; i++) compilePattern(`^filler ${i} (x|y)$`)
  assert.notEqual(compilePattern('^evicted (x|y)$'), first)
  assert.equal(compilePattern('^evicted (x|y)$').test('evicted y'), true)
})
