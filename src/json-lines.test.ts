import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseJsonLines } from './json-lines.js'

const ok = (value: Record<string, unknown>) => ({ ok: true, value })

test('json-lines: one object per line, a trailing newline and CRLF line ends', () => {
  assert.deepEqual(parseJsonLines('{"a":1}\n{"b":2}'), [ok({ a: 1 }), ok({ b: 2 })])
  assert.deepEqual(parseJsonLines('{"a":1}\n{"b":2}\n'), [ok({ a: 1 }), ok({ b: 2 })])
  assert.deepEqual(parseJsonLines('{"a":1}\r\n{"b":2}\r\n'), [ok({ a: 1 }), ok({ b: 2 })])
})

test('json-lines: blank lines are skipped, and an empty body has no items', () => {
  assert.deepEqual(parseJsonLines('{"a":1}\n\n   \n{"b":2}'), [ok({ a: 1 }), ok({ b: 2 })])
  assert.deepEqual(parseJsonLines(''), [])
  assert.deepEqual(parseJsonLines('\n\n'), [])
})

test('json-lines: a malformed or non-object line is its own error, the other lines still parse', () => {
  const items = parseJsonLines('{"a":1}\n{"broken\n5\n{"c":3}')
  assert.deepEqual(items[0], ok({ a: 1 }))
  assert.equal(items[1].ok, false)
  assert.match((items[1] as { error: string }).error, /^malformed JSON line/)
  assert.deepEqual(items[2], { ok: false, error: 'a batch line must be a JSON object' })
  assert.deepEqual(items[3], ok({ c: 3 }))
})

test('json-lines: a value spread over two lines is two malformed lines, as the lines are read one by one', () => {
  const items = parseJsonLines('{"a":[1\n2]}')
  assert.deepEqual(items.map((i) => i.ok), [false, false])
})
