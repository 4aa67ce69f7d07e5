import assert from 'node:assert/strict'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { multipartBody } from '../../test/multipart.js'
import { testApp, type TestApp } from '../../test/test-app.js'

async function upload(app: TestApp, parts: { name: string; body: string | Buffer }[], o: { url?: string; auth?: string | null; gateway?: boolean } = {}) {
  const { payload, contentType } = multipartBody(parts)
  const headers: Record<string, string> = { 'content-type': contentType }
  if (o.auth !== null) headers.authorization = o.auth ?? `Bearer ${app.adminToken}`
  const server = o.gateway ? app.app.servers.gateway : app.app.servers.files
  return server.inject({ method: 'POST', url: o.url ?? '/', headers, payload })
}

const get = (app: TestApp, url: string, headers: Record<string, string> = {}) =>
  app.app.servers.files.inject({ method: 'GET', url, headers: { authorization: `Bearer ${app.adminToken}`, ...headers } })

test('upload stores each part at the path its name gives (leading / dropped) and lists them', async (t) => {
  const app = await testApp(t)
  const res = await upload(app, [{ name: '/My Proj/run.abc/artifacts/d/d.json', body: '{"a":1}' }, { name: 'x/y.txt', body: 'hi' }])
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json(), ['My Proj/run.abc/artifacts/d/d.json', 'x/y.txt'])
  assert.equal(await readFile(join(app.dataDir, 'files', 'My Proj/run.abc/artifacts/d/d.json'), 'utf8'), '{"a":1}')
})

test('download: the stored bytes with Content-Length, percent-decoded once, Range served as 206, missing 404', async (t) => {
  const app = await testApp(t)
  await upload(app, [{ name: '/P/a b%41.txt', body: '0123456789' }])
  const whole = await get(app, '/P/a%20b%2541.txt')
  assert.equal(whole.statusCode, 200)
  assert.equal(whole.body, '0123456789')
  assert.equal(whole.headers['content-length'], '10')
  const part = await get(app, '/P/a%20b%2541.txt', { range: 'bytes=2-4' })
  assert.equal(part.statusCode, 206)
  assert.equal(part.body, '234')
  assert.equal((await get(app, '/P/none.txt')).statusCode, 404)
  const head = await app.app.servers.files.inject({ method: 'HEAD', url: '/P/a%20b%2541.txt', headers: { authorization: `Bearer ${app.adminToken}` } })
  assert.equal(head.statusCode, 200)
})

test('every request needs credentials (401 without), except the GET / health check', async (t) => {
  const app = await testApp(t)
  assert.equal((await upload(app, [{ name: 'a.txt', body: 'x' }], { auth: null })).statusCode, 401)
  assert.equal((await upload(app, [{ name: 'a.txt', body: 'x' }], { auth: 'Bearer forged' })).statusCode, 401)
  assert.equal((await app.app.servers.files.inject({ method: 'GET', url: '/a.txt' })).statusCode, 401)
  assert.equal((await app.app.servers.files.inject({ method: 'DELETE', url: '/a.txt' })).statusCode, 401)
  const ping = await app.app.servers.files.inject({ method: 'GET', url: '/' })
  assert.deepEqual([ping.statusCode, ping.body], [200, 'OK'])
  await upload(app, [{ name: 'a.txt', body: 'x' }])
  const cookie = await app.app.servers.files.inject({ method: 'GET', url: '/a.txt', headers: { cookie: `clearml_token_basic=${app.adminToken}` } })
  assert.equal(cookie.statusCode, 200)
})

test('paths that escape the store are refused and nothing is written outside it', async (t) => {
  const app = await testApp(t)
  for (const name of ['../evil.txt', '/../../evil.txt', 'a/../../evil.txt', '.uploading/x']) {
    const res = await upload(app, [{ name, body: 'x' }])
    assert.equal(res.statusCode, 404, name)
  }
  await assert.rejects(stat(join(app.dataDir, 'evil.txt')))
  assert.equal((await get(app, '/..%2F..%2Fetc%2Fpasswd')).statusCode, 404)
})

test('an upload over the size limit is 413 and leaves no file, final or temporary', async (t) => {
  const app = await testApp(t, '', { CLEARML__fileserver__upload__max_upload_size_mb: '0.001' })
  const res = await upload(app, [{ name: 'big.bin', body: Buffer.alloc(5000, 1) }])
  assert.equal(res.statusCode, 413)
  await assert.rejects(stat(join(app.dataDir, 'files', 'big.bin')))
  assert.deepEqual(await readdir(join(app.dataDir, 'files', '.uploading')), [])
})

test('DELETE removes a file (200, JSON path) and 404s when missing; delete_many removes files and folders', async (t) => {
  const app = await testApp(t)
  await upload(app, [{ name: 'd/a.txt', body: '1' }, { name: 'd/b.txt', body: '2' }, { name: 'e/c.txt', body: '3' }])
  const del = await app.app.servers.files.inject({ method: 'DELETE', url: '/d/a.txt', headers: { authorization: `Bearer ${app.adminToken}` } })
  assert.deepEqual([del.statusCode, del.json()], [200, 'd/a.txt'])
  const again = await app.app.servers.files.inject({ method: 'DELETE', url: '/d/a.txt', headers: { authorization: `Bearer ${app.adminToken}` } })
  assert.equal(again.statusCode, 404)
  const many = await app.app.servers.files.inject({
    method: 'POST', url: '/delete_many', headers: { authorization: `Bearer ${app.adminToken}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ files: ['d', 'e/c.txt', 'nope.txt', '../x'] }),
  })
  assert.equal(many.statusCode, 200)
  assert.deepEqual(many.json(), { deleted: { d: 'd', 'e/c.txt': 'e/c.txt' }, errors: { 'not found': ['nope.txt'], 'invalid path': ['../x'] } })
  assert.equal((await get(app, '/d/b.txt')).statusCode, 404)
})

test('the gateway serves the file server under /files (POST to /files, as the SDK does)', async (t) => {
  const app = await testApp(t)
  const res = await upload(app, [{ name: '/g/file.txt', body: 'via gateway' }], { url: '/files', gateway: true })
  assert.equal(res.statusCode, 200)
  const back = await app.app.servers.gateway.inject({ method: 'GET', url: '/files/g/file.txt', headers: { authorization: `Bearer ${app.adminToken}` } })
  assert.equal(back.body, 'via gateway')
  const page = await app.app.servers.gateway.inject({ method: 'GET', url: '/configuration.json' })
  assert.equal(page.json().apiBaseUrl, '/api')
})
