import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fieldPathProblem, hasControlChars, jsonDepth, MAX_FIELD_PATH_CHARS } from './limits.js'

test('jsonDepth counts containers, not scalars, and stops once past the limit', () => {
  assert.equal(jsonDepth(1), 0)
  assert.equal(jsonDepth(null), 0)
  assert.equal(jsonDepth({}), 1)
  assert.equal(jsonDepth([1, [2, { a: [3] }]]), 4)
  let deep: unknown = 0
  for (let i = 0; i < 200_000; i++) deep = [deep]
  assert.equal(jsonDepth(deep), 200_000, 'measured without recursion, so deeper than the call stack')
  assert.equal(jsonDepth(deep, 10), 11)
})

test('field paths: control characters and over-long paths are refused, ordinary ones pass', () => {
  assert.equal(fieldPathProblem('hyperparams.Args.lr.value'), undefined)
  assert.equal(fieldPathProblem('runtime.a\\b "c"'), undefined)
  assert.match(fieldPathProblem('na\u0000me') ?? '', /control character/)
  assert.match(fieldPathProblem('a\nb') ?? '', /control character/)
  assert.match(fieldPathProblem('x'.repeat(MAX_FIELD_PATH_CHARS + 1)) ?? '', /longer than/)
  assert.equal(hasControlChars('tab\there'), true)
  assert.equal(hasControlChars('del\u007f'), true)
  assert.equal(hasControlChars('üñï 名前'), false)
})
