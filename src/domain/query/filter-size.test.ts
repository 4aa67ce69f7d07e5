import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isApiError } from '../../errors.js'
import { MAX_FILTER_TERMS, MAX_FILTER_VALUES } from '../limits.js'
import { and, isIn, not, or } from './filter.js'
import { checkFilterSize, filterSize } from './filter-size.js'

test('filterSize counts conditions (one per hasAll value) and bound values', () => {
  const f = and(isIn('a', ['1', '2']), or(not(isIn('b', ['x'])), { op: 'hasAll', path: ['tags'], values: ['t1', 't2', 't3'] }))
  assert.deepEqual(filterSize(f), { terms: 5, values: 6 })
})

test('checkFilterSize refuses more conditions or values than SQLite runs, with 400/12', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`)
  assert.doesNotThrow(() => checkFilterSize(isIn('id', many(MAX_FILTER_VALUES))))
  for (const f of [
    isIn('id', many(MAX_FILTER_VALUES + 1)),
    or(...many(MAX_FILTER_TERMS + 1).map((v) => isIn('name', [v]))),
    { op: 'hasAll' as const, path: ['tags'], values: many(MAX_FILTER_TERMS + 1) },
  ]) {
    assert.throws(() => checkFilterSize(f), (e: unknown) => isApiError(e) && e.code === 400 && e.subcode === 12)
  }
})
