import assert from 'node:assert/strict'
import { test } from 'node:test'
import BetterSqlite3 from 'better-sqlite3'
import { errors, isApiError } from '../../errors.js'
import { translateDriverError } from './driver-errors.js'

const driverError = (code: string) => Object.assign(new Error('driver text'), { code })

const codesOf = (err: unknown) => (isApiError(err) ? [err.code, err.subcode] : undefined)

test('driver errors become API errors by their result code, extended codes by their primary one', () => {
  assert.deepEqual(codesOf(translateDriverError(driverError('SQLITE_FULL'))), [500, 4])
  assert.deepEqual(codesOf(translateDriverError(driverError('SQLITE_IOERR_WRITE'))), [500, 100])
  assert.deepEqual(codesOf(translateDriverError(driverError('SQLITE_IOERR'))), [500, 100])
  assert.deepEqual(codesOf(translateDriverError(driverError('SQLITE_BUSY_SNAPSHOT'))), [500, 102])
  assert.deepEqual(codesOf(translateDriverError(driverError('SQLITE_CORRUPT'))), [500, 101])
  assert.deepEqual(codesOf(translateDriverError(driverError('SQLITE_TOOBIG'))), [400, 12])
  assert.deepEqual(codesOf(translateDriverError(driverError('SQLITE_MISMATCH'))), [400, 12])
})

test('the driver error stays the cause, for the log; its text is not the message', () => {
  const original = driverError('SQLITE_FULL')
  const translated = translateDriverError(original)
  assert.ok(isApiError(translated))
  assert.equal(translated.cause, original)
  assert.doesNotMatch(translated.message, /driver text/)
  assert.match(translated.message, /disk is full/)
})

test('API errors, bugs and unknown codes pass through unchanged', () => {
  const api = errors.invalidTaskId()
  assert.equal(translateDriverError(api), api)
  const bug = new TypeError('x is undefined')
  assert.equal(translateDriverError(bug), bug)
  const constraint = driverError('SQLITE_CONSTRAINT_NOTNULL')
  assert.equal(translateDriverError(constraint), constraint)
})

test('a real full database raises SQLITE_FULL, which becomes 500/4', () => {
  const db = new BetterSqlite3(':memory:')
  db.exec('CREATE TABLE t (v TEXT)')
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
  const err = (() => {
    try {
      db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000))
    } catch (e) {
      return e
    }
  })()
  assert.deepEqual(codesOf(translateDriverError(err)), [500, 4])
  db.close()
})
