import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseApiDate, toApiDate } from './dates.js'

test('dates are written with microseconds and an explicit UTC offset, fixed width', () => {
  assert.equal(toApiDate(new Date('2026-12-02T13:56:54.123Z')), '2026-12-02T13:56:54.123000+00:00')
  assert.equal(toApiDate(new Date(0)), '1970-01-01T00:00:00.000000+00:00')
  // Past year 9999 JavaScript writes a sign and six digits; the suffix is still ClearML's.
  assert.equal(toApiDate(new Date('+010000-01-01T00:00:00.500Z')), '+010000-01-01T00:00:00.500000+00:00')
})

test('what clients send parses back to the same instant', () => {
  const d = new Date('2026-12-02T13:56:54.123Z')
  assert.equal(parseApiDate(toApiDate(d))?.getTime(), d.getTime())
  assert.equal(parseApiDate('2026-12-02T13:56:54.123456')?.getTime(), d.getTime())
  assert.equal(parseApiDate('2026-12-02')?.getTime(), Date.UTC(2026, 11, 2))
  assert.equal(parseApiDate(d.getTime())?.getTime(), d.getTime())
  assert.equal(parseApiDate('not a date'), undefined)
  assert.equal(parseApiDate(''), undefined)
})
