import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MAX_EPOCH_MS, MAX_LIST_ITEMS, MAX_NAME_CHARS, MAX_TAG_CHARS, MAX_TAGS, MAX_TEXT_CHARS } from '../../domain/limits.js'
import * as b from './bounds.js'

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success

test('names: up to the limit, no control characters; text may span lines', () => {
  assert.equal(ok(b.name(), 'n'.repeat(MAX_NAME_CHARS)), true)
  assert.equal(ok(b.name(), 'n'.repeat(MAX_NAME_CHARS + 1)), false)
  assert.equal(ok(b.name(), 'a\u0000b'), false)
  assert.equal(ok(b.name(), 'line\nbreak'), false)
  assert.equal(ok(b.name(), 'Clarion SDK / .datasets / ds #3 – ünï'), true)
  assert.equal(ok(b.text(), 'several\nlines\tand tabs'), true)
  assert.equal(ok(b.text(), 'c'.repeat(MAX_TEXT_CHARS + 1)), false)
})

test('tags and lists hold at most their item counts', () => {
  assert.equal(ok(b.tags(), Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`)), true)
  assert.equal(ok(b.tags(), Array.from({ length: MAX_TAGS + 1 }, (_, i) => `t${i}`)), false)
  assert.equal(ok(b.tags(), ['t'.repeat(MAX_TAG_CHARS + 1)]), false)
  assert.equal(ok(b.ids(), Array.from({ length: MAX_LIST_ITEMS + 1 }, () => 'id')), false)
  assert.equal(ok(b.list(b.name(), 2), ['a', 'b', 'c']), false)
})

test('numbers: counts and integers stay exact, dates stay within year 9999, durations within ten years', () => {
  assert.equal(ok(b.count(), Number.MAX_SAFE_INTEGER), true)
  assert.equal(ok(b.count(), 1e21), false)
  assert.equal(ok(b.count(), -1), false)
  assert.equal(ok(b.count(100), 101), false)
  assert.equal(ok(b.safeInt(), -(2 ** 53)), false)
  assert.equal(ok(b.epochMs(), Date.now()), true)
  assert.equal(ok(b.epochMs(), MAX_EPOCH_MS + 1), false)
  assert.equal(ok(b.epochSec(), Date.now() / 1000), true)
  assert.equal(ok(b.epochSec(), 1e308), false)
  assert.equal(ok(b.durationSec(), 600), true)
  assert.equal(ok(b.durationSec(), 1e308), false)
  assert.equal(ok(b.int(1, 10), 0), false)
  assert.equal(ok(b.int(1, 10), 1.5), false)
})
