// Replays traffic recorded from the real clearml SDK and clearml-agent (test/fixtures/clearml/*.jsonl, written
// by a server started with CLARION_RECORD_FILE) against a fresh in-process Clarion. Ids are remapped as the
// replay creates its own objects; every call must end with the recorded status and subcode, and every reply
// must have the recorded shape (the same keys, and values of the same JSON types).
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { CallRecord } from '../src/transport/rpc/pipeline.js'
import { testApp } from '../src/test/test-app.js'

const DIR = join(import.meta.dirname, 'fixtures', 'clearml')
const ID = /^[0-9a-f]{32}$/
// Sessions are the replaying test's own; credentials minted by the client cannot be replayed.
const SKIPPED = new Set(['auth.login', 'auth.create_credentials', 'login.logout', 'auth.logout'])

type Json = unknown

const typeOf = (v: Json): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

function substitute(value: Json, ids: Map<string, string>): Json {
  if (typeof value === 'string') {
    let out = value
    for (const [from, to] of ids) if (out.includes(from)) out = out.split(from).join(to)
    return out
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, ids))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [substitute(k, ids) as string, substitute(v, ids)]))
  }
  return value
}

/**
 * Walks the recorded and replayed replies together, learning which new id stands for each recorded one. Scroll
 * ids are opaque server state of any form, so they are mapped by their field name.
 */
function learnIds(recorded: Json, replayed: Json, ids: Map<string, string>, key = ''): void {
  if (typeof recorded === 'string' && typeof replayed === 'string') {
    const isId = (ID.test(recorded) && ID.test(replayed)) || key === 'scroll_id'
    if (isId && recorded !== replayed && !ids.has(recorded)) ids.set(recorded, replayed)
    return
  }
  if (Array.isArray(recorded) && Array.isArray(replayed)) {
    recorded.forEach((r, i) => learnIds(r, replayed[i], ids))
    return
  }
  if (typeof recorded === 'object' && recorded !== null && typeof replayed === 'object' && replayed !== null) {
    for (const [k, v] of Object.entries(recorded)) learnIds(v, (replayed as Record<string, Json>)[substitute(k, ids) as string], ids, k)
  }
}

function assertSameShape(recorded: Json, replayed: Json, where: string): void {
  assert.equal(typeOf(replayed), typeOf(recorded), `${where}: type`)
  if (Array.isArray(recorded) && Array.isArray(replayed)) {
    assert.equal(replayed.length, recorded.length, `${where}: length`)
    recorded.forEach((r, i) => assertSameShape(r, replayed[i], `${where}[${i}]`))
  } else if (typeOf(recorded) === 'object') {
    const r = recorded as Record<string, Json>
    const p = replayed as Record<string, Json>
    assert.deepEqual(Object.keys(p).sort(), Object.keys(r).sort(), `${where}: keys`)
    for (const k of Object.keys(r)) assertSameShape(r[k], p[k], `${where}.${k}`)
  }
}

const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.jsonl')).sort()

test('recorded client sessions exist to replay', () => {
  assert.ok(fixtures.length > 0, `no fixtures in ${DIR}`)
})

/**
 * Real time that never reads the same millisecond twice. A replay runs much faster than the recorded session, whose
 * calls were milliseconds apart: with a plain clock two tasks could share a last_update, and a list ordered by it
 * would come back in either order.
 */
function strictlyIncreasingClock(): () => Date {
  let last = 0
  return () => new Date((last = Math.max(Date.now(), last + 1)))
}

for (const file of fixtures) {
  test(`replays ${file}`, async (t) => {
    const app = await testApp(t, '', {}, strictlyIncreasingClock())
    const ids = new Map<string, string>()
    const lines = readFileSync(join(DIR, file), 'utf8').split('\n').filter(Boolean)
    for (const [i, line] of lines.entries()) {
      const entry = JSON.parse(line) as CallRecord
      if (SKIPPED.has(entry.endpoint)) continue
      const where = `${file}:${i + 1} ${entry.endpoint}`
      const batch = entry.batch.length > 0
      const res = await app.call(entry.endpoint, substitute(entry.request, ids), {
        version: entry.version,
        rawBody: batch ? entry.batch.map((b) => JSON.stringify(substitute(b, ids))).join('\n') : undefined,
        headers: batch ? { 'content-type': 'application/json-lines' } : undefined,
      })
      assert.deepEqual([res.status, res.meta.result_subcode], [entry.status, entry.subcode], `${where}: ${res.meta.result_msg}`)
      learnIds(entry.response, res.data, ids)
      assertSameShape(substitute(entry.response, ids), res.data, where)
    }
  })
}
