import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TASK_STATUSES } from '../entities/task.js'
import { canTransition, nextStatuses } from './status.js'

test('staying in the same status is always allowed', () => {
  for (const s of TASK_STATUSES) assert.equal(canTransition(s, s), true, s)
})

test('the run lifecycle transitions are allowed', () => {
  assert.equal(canTransition('created', 'queued'), true)
  assert.equal(canTransition('queued', 'in_progress'), true)
  assert.equal(canTransition('in_progress', 'completed'), true)
  assert.equal(canTransition('in_progress', 'stopped'), true)
  assert.equal(canTransition('in_progress', 'failed'), true)
  assert.equal(canTransition('stopped', 'published'), true)
  assert.equal(canTransition('completed', 'published'), true)
  assert.equal(canTransition('failed', 'queued'), true)
  assert.equal(canTransition('stopped', 'queued'), true)
  assert.equal(canTransition('completed', 'in_progress'), true)
})

test('forbidden transitions are refused', () => {
  assert.equal(canTransition('created', 'completed'), false)
  assert.equal(canTransition('created', 'stopped'), false)
  assert.equal(canTransition('completed', 'queued'), false)
  assert.equal(canTransition('in_progress', 'queued'), false)
  assert.equal(canTransition('in_progress', 'published'), false)
  assert.equal(canTransition('publishing', 'created'), false)
})

test('nothing leaves published or unknown', () => {
  assert.deepEqual(nextStatuses('published'), [])
  assert.deepEqual(nextStatuses('unknown'), [])
  for (const s of TASK_STATUSES) if (s !== 'published') assert.equal(canTransition('published', s), false)
})
