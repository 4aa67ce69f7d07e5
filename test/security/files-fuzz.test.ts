// The file server's share of the fuzz test: hostile paths for GET and DELETE, hostile part names for uploads,
// hostile delete_many lists and Range headers. Its replies are plain text, not envelopes, so only the status is
// judged: below 500, and no built-in prototype changed. FUZZ_CASES and FUZZ_SEED work as in fuzz.test.ts.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { multipartBody } from '../../src/test/multipart.js'
import { testApp } from '../../src/test/test-app.js'
import { encode } from './fuzz-cases.js'
import { capturingLogger, errorSignature, prototypeChanges, snapshot } from './fuzz-checks.js'
import { CASES, describe, rng, SEED, toJson, type Rng } from './fuzz-kit.js'
import { deepArray, deepObject, hostilePath } from './fuzz-values.js'

interface FileCase { kind: string; method: 'GET' | 'DELETE' | 'POST'; url: string; headers: Record<string, string>; payload?: string | Buffer }

const RANGES = ['bytes=99999999999999999999-', 'bytes=-0', 'bytes=5-1', `bytes=${'0-0,'.repeat(2000)}0-0`, 'bytes=abc', 'items=0-1',
  'bytes=-99999999999999999999']

function fileCase(n: number, path: string, r: Rng): FileCase {
  const encoded = r.chance(0.7) ? path.split('/').map(encode).join('/') : encode(encode(path))
  const kind = r.weighted<string>([[3, 'upload'], [3, 'get'], [2, 'delete'], [2, 'delete_many'], [1, 'range']])
  switch (kind) {
    case 'upload': {
      const names = r.chance(0.8) ? [path] : [`fuzz/ok-${n}.txt`, path]
      const content = r.chance(0.9) ? 'fuzz' : 'z'.repeat(64 * 1024)
      const body = multipartBody((r.chance(0.5) ? names : names.map(encode)).map((name) => ({ name, body: content })))
      return { kind, method: 'POST', url: '/', headers: { 'content-type': body.contentType }, payload: body.payload }
    }
    case 'delete_many': {
      const list = r.weighted<unknown>([[6, [path, encoded, 'fuzz/ok-1.txt']], [1, path], [1, null], [1, [1, null, {}, []]],
        [1, Array.from({ length: 20_000 }, (_, i) => `fuzz/${i}`)], [1, [deepArray().text]]])
      const payload = r.chance(0.1) ? deepObject().text : toJson({ files: list })
      return { kind, method: 'POST', url: '/delete_many', headers: { 'content-type': 'application/json' }, payload }
    }
    case 'range': {
      const range = r.pick(RANGES)
      return { kind: `range ${range.slice(0, 30)}`, method: 'GET', url: `/fuzz/ok-${r.int(5)}.txt`, headers: { range } }
    }
    case 'delete': return { kind, method: 'DELETE', url: `/${encoded}`, headers: {} }
    default: return { kind, method: 'GET', url: `/${encoded}${r.chance(0.3) ? '?download' : ''}`, headers: {} }
  }
}

test('the file server answers hostile paths, part names, delete lists and ranges below 500', { timeout: Math.max(5 * 60_000, CASES * 20) }, async (t) => {
  const before = snapshot()
  const { log, lines } = capturingLogger()
  const app = await testApp(t, '', {}, undefined, log)
  const { files, gateway } = app.app.servers
  const r = rng(SEED ^ 0xf11e5)
  const cases = Math.max(20, Math.ceil(CASES / 15))
  const failures: string[] = []
  for (let n = 0; n < cases; n++) {
    const path = hostilePath(r)
    const c = fileCase(n, path, r)
    const who = r.chance(0.9) ? 'admin' : 'none'
    if (who === 'admin') c.headers.authorization = `Bearer ${app.adminToken}`
    const viaGateway = r.chance(0.1)
    const mark = lines.length
    const what = `${c.method} ${c.kind} ${describe(path, 120)} [${who}${viaGateway ? ', gateway' : ''}]`
    try {
      const res = await (viaGateway ? gateway : files).inject({ method: c.method, url: viaGateway ? `/files${c.url}` : c.url, headers: c.headers, payload: c.payload })
      if (res.statusCode >= 500) failures.push(`${what} → ${res.statusCode} | ${errorSignature(lines.slice(mark))}`)
    } catch (err) {
      failures.push(`${what}: inject threw ${(err as Error).message}`)
    }
    const changed = prototypeChanges(before)
    if (changed.length > 0) failures.push(`${what}: prototype pollution: ${changed.join(', ')}`)
  }
  const ping = await files.inject({ method: 'GET', url: '/' })
  t.diagnostic(`fuzz: ${cases} file server cases sent (FUZZ_SEED=${SEED}, FUZZ_CASES=${CASES})`)
  assert.equal(ping.statusCode, 200, 'the file server answers after the fuzz')
  const distinct = [...new Set(failures)]
  assert.equal(failures.length, 0, `${failures.length} of ${cases} file server cases failed:\n${distinct.join('\n')}`)
})
