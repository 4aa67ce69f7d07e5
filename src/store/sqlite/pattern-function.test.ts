import assert from 'node:assert/strict'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { test, type TestContext } from 'node:test'
import BetterSqlite3 from 'better-sqlite3'
import { isApiError } from '../../errors.js'
import { preparePattern, registerPatternFunction, type PatternFunctionOptions } from './pattern-function.js'

function namesDb(t: TestContext, names: string[], options?: PatternFunctionOptions) {
  const db = new BetterSqlite3(':memory:')
  t.after(() => db.close())
  registerPatternFunction(db, options)
  db.exec('CREATE TABLE t (name TEXT)')
  const insert = db.prepare('INSERT INTO t (name) VALUES (?)')
  for (const name of names) insert.run(name)
  /** Names matching any of the patterns, compiled the way filter-sql.ts does before running the statement. */
  return (patterns: string[], ignoreCase = false): string[] => {
    const prepared = patterns.map((p) => preparePattern(p, ignoreCase, 'name'))
    const where = prepared.map(() => 'clarion_regex(?, ?, name)').join(' OR ')
    return (db.prepare(`SELECT name FROM t WHERE ${where} ORDER BY rowid`).all(...prepared.flatMap((p) => [p.pattern, p.flags])) as { name: string }[])
      .map((r) => r.name)
  }
}

test('clarion_regex runs prepared patterns, with the case mode they were prepared with', (t) => {
  const find = namesDb(t, ['My Project', 'my project', 'other'])
  assert.deepEqual(find(['^My\\ Project$']), ['My Project'])
  assert.deepEqual(find(['^my project$'], true), ['My Project', 'my project'])
  assert.deepEqual(find(['(a+)+$']), [])
})

test('a statement may use more patterns than the compiled-pattern cache holds', (t) => {
  const names = Array.from({ length: 200 }, (_, i) => `task ${i}`)
  const find = namesDb(t, names)
  const patterns = names.map((n) => `^${n.replace(' ', '\\ ')}(x|$)`)
  assert.deepEqual(find(patterns), names)
})

test('a malformed pattern is 400/21 before the statement runs', (t) => {
  const find = namesDb(t, ['a'])
  assert.throws(() => find(['[']), (e) => isApiError(e) && e.code === 400 && e.subcode === 21)
})

test('matching that holds the event loop past the budget ends the statement with 400/21', async (t) => {
  let clock = 0
  let stepMs = 300
  const find = namesDb(t, ['a1', 'a2', 'a3', 'a4'], { budgetMs: 1_000, now: () => (clock += stepMs) })
  // Each row's match "takes" 300 ms: four rows are 1,200 ms.
  assert.throws(() => find(['a']), (e) => isApiError(e) && e.code === 400 && e.subcode === 21 && /1000 ms/.test(e.message))
  await nextTurn()
  stepMs = 200
  assert.deepEqual(find(['a[12]']), ['a1', 'a2'])
  // Statements in one turn of the event loop share the budget; the next turn starts afresh.
  assert.throws(() => find(['a[34]']), (e) => isApiError(e) && e.subcode === 21)
  await nextTurn()
  assert.deepEqual(find(['a[34]']), ['a3', 'a4'])
})
