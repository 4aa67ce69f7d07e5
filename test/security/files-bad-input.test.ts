// Bad input to the file server gets a clear 4xx (or 507 for a full disk), never a 5xx with a stack trace, and an
// upload is all or nothing (issue #13, items 10 and 18).
import assert from 'node:assert/strict'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { testApp } from '../../src/test/test-app.js'
import { adminFiles, multipartBody } from './files-helpers.js'

test('delete_many: a malformed %-escape lands in the "invalid path" bucket (200)', async (t) => {
  const app = await testApp(t)
  const files = adminFiles(app)
  await files.upload([{ name: 'ok.txt', body: '1' }])
  const res = await files.deleteMany({ files: ['%E0%A4%A', 'ok.txt', '%'] })
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json(), { deleted: { 'ok.txt': 'ok.txt' }, errors: { 'invalid path': ['%E0%A4%A', '%'] } })
})

test('delete_many: a body that is not {"files": [<string>, ...]} is 400 in plain text', async (t) => {
  const app = await testApp(t)
  const files = adminFiles(app)
  const bodies: unknown[] = [5, 'x', null, [], {}, { files: 'a.txt' }, { files: 5 }, { files: [{ toString: 1 }] },
    { files: [1, 2] }, { files: [null] }, { files: Array.from({ length: 10_001 }, (_, i) => `f${i}`) }]
  for (const body of bodies) {
    const res = await files.deleteMany(body)
    assert.equal(res.statusCode, 400, JSON.stringify(body).slice(0, 60))
    assert.match(String(res.headers['content-type']), /^text\/plain/)
  }
  assert.equal((await files.deleteMany('{not json')).statusCode, 400)
})

test('a 300-character path component is 400 with a clear message, and nothing is stored', async (t) => {
  const app = await testApp(t)
  const files = adminFiles(app)
  const long = 'n'.repeat(300)
  for (const name of [`p/${long}.txt`, `${long}/x.txt`]) {
    const res = await files.upload([{ name: 'first.txt', body: 'a' }, { name, body: 'x' }])
    assert.equal(res.statusCode, 400, name)
    assert.match(res.body, /File name too long/)
    assert.doesNotMatch(res.body, /ENAMETOOLONG|\/tmp|at /)
  }
  await assert.rejects(stat(join(app.dataDir, 'files', 'first.txt')))
  assert.equal((await files.get(`/p/${long}.txt`)).statusCode, 404)
  assert.equal((await files.delete(`/p/${long}.txt`)).statusCode, 404)
  assert.deepEqual((await files.deleteMany({ files: [`p/${long}.txt`] })).json().errors, { 'invalid path': [`p/${long}.txt`] })
})

test('a multipart upload whose second part is over the limit is 413 and keeps no part', async (t) => {
  const app = await testApp(t, '', { CLEARML__fileserver__upload__max_upload_size_mb: '0.001' })
  const res = await adminFiles(app).upload([{ name: 'small.txt', body: 'fits' }, { name: 'big.bin', body: Buffer.alloc(5000, 1) }])
  assert.equal(res.statusCode, 413)
  await assert.rejects(stat(join(app.dataDir, 'files', 'small.txt')))
  await assert.rejects(stat(join(app.dataDir, 'files', 'big.bin')))
  assert.deepEqual(await readdir(join(app.dataDir, 'files', '.uploading')), [])
})

test('a multipart upload whose second part names an invalid path is 404 and keeps no part', async (t) => {
  const app = await testApp(t)
  const res = await adminFiles(app).upload([{ name: 'first.txt', body: 'a' }, { name: '../escape.txt', body: 'b' }])
  assert.equal(res.statusCode, 404)
  await assert.rejects(stat(join(app.dataDir, 'files', 'first.txt')))
  assert.deepEqual(await readdir(join(app.dataDir, 'files', '.uploading')), [])
})

test('a multipart body cut short is 400, not a 5xx', async (t) => {
  const app = await testApp(t)
  const { payload, contentType } = multipartBody([{ name: 'cut.txt', body: 'x'.repeat(1000) }])
  const res = await app.app.servers.files.inject({
    method: 'POST', url: '/', headers: { authorization: `Bearer ${app.adminToken}`, 'content-type': contentType },
    payload: payload.subarray(0, payload.length - 200),
  })
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} ${res.body}`)
  await assert.rejects(stat(join(app.dataDir, 'files', 'cut.txt')))
  assert.deepEqual(await readdir(join(app.dataDir, 'files', '.uploading')), [])
})
