// Stored XSS through the file server: user files must never run script on Clarion's origin (issue #13, item 3).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../src/test/test-app.js'
import { adminFiles, filesClient } from './files-helpers.js'

const SCRIPT = '<script>fetch("/api/auth.create_credentials")</script>'
const ACTIVE = ['page.html', 'page.htm', 'page.xhtml', 'img.svg', 'app.js', 'mod.mjs', 'data.xml', 'doc.pdf', 'noext', 'blob.xyz123']
const INLINE: Record<string, string> = {
  'a.png': 'image/png', 'a.jpg': 'image/jpeg', 'a.jpeg': 'image/jpeg', 'a.gif': 'image/gif', 'a.webp': 'image/webp',
  'a.mp3': 'audio/mpeg', 'a.wav': 'audio/wav', 'a.mp4': 'video/mp4', 'a.webm': 'video/webm',
  'a.txt': 'text/plain; charset=utf-8', 'a.json': 'application/json; charset=utf-8',
}

test('files that can run script are served as attachments (200, nosniff, CSP sandbox), on the file server and the gateway', async (t) => {
  const app = await testApp(t)
  const files = adminFiles(app)
  assert.equal((await files.upload(ACTIVE.map((name) => ({ name: `/xss/${name}`, body: SCRIPT })))).statusCode, 200)
  const viaGateway = filesClient(app.app.servers.gateway, app.adminToken, '/files')
  for (const client of [files, viaGateway]) {
    for (const name of ACTIVE) {
      const res = await client.get(`/xss/${name}`)
      assert.equal(res.statusCode, 200, name)
      assert.equal(res.body, SCRIPT, name)
      assert.match(String(res.headers['content-disposition']), /^attachment; /, name)
      assert.equal(res.headers['x-content-type-options'], 'nosniff', name)
      assert.match(String(res.headers['content-security-policy']), /(^|; )sandbox(;|$)/, name)
      assert.match(String(res.headers['content-security-policy']), /default-src 'none'/, name)
    }
  }
})

test('images, audio, video, plain text and JSON stay inline with their type; ?download forces an attachment', async (t) => {
  const app = await testApp(t)
  const files = adminFiles(app)
  await files.upload(Object.keys(INLINE).map((name) => ({ name: `m/${name}`, body: 'bytes' })))
  for (const [name, type] of Object.entries(INLINE)) {
    const res = await files.get(`/m/${name}`)
    assert.equal(res.headers['content-type'], type, name)
    assert.match(String(res.headers['content-disposition']), /^inline; /, name)
    assert.equal(res.headers['x-content-type-options'], 'nosniff', name)
    assert.match(String(res.headers['content-security-policy']), /sandbox/, name)
    const forced = await files.get(`/m/${name}?download`)
    assert.match(String(forced.headers['content-disposition']), /^attachment; /, name)
  }
})

test('Content-Disposition carries an ASCII fallback and the exact UTF-8 name (RFC 6266)', async (t) => {
  const app = await testApp(t)
  const files = adminFiles(app)
  await files.upload([{ name: "n/résumé (v1) 100%.html", body: 'x' }])
  const res = await files.get(`/n/${encodeURIComponent('résumé (v1) 100%.html')}`)
  assert.equal(res.statusCode, 200)
  assert.equal(res.headers['content-disposition'],
    `attachment; filename="r_sum_ (v1) 100_.html"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%28v1%29%20100%25.html`)
})

test('downloads keep Range (206), HEAD, Content-Length, ETag/Last-Modified (304), and .gz as octet-stream', async (t) => {
  const app = await testApp(t)
  const files = adminFiles(app)
  await files.upload([{ name: 'r/data.csv.gz', body: '0123456789' }])
  const whole = await files.get('/r/data.csv.gz')
  assert.equal(whole.statusCode, 200)
  assert.equal(whole.headers['content-type'], 'application/octet-stream')
  assert.equal(whole.headers['content-length'], '10')
  assert.equal(whole.headers['accept-ranges'], 'bytes')
  assert.ok(whole.headers.etag && whole.headers['last-modified'])
  assert.equal(whole.headers['cache-control'], 'private, max-age=300')
  const part = await files.get('/r/data.csv.gz', { range: 'bytes=3-5' })
  assert.deepEqual([part.statusCode, part.body, part.headers['content-range']], [206, '345', 'bytes 3-5/10'])
  const outside = await files.get('/r/data.csv.gz', { range: 'bytes=50-60' })
  assert.deepEqual([outside.statusCode, outside.headers['content-range']], [416, 'bytes */10'])
  const head = await files.head('/r/data.csv.gz')
  assert.deepEqual([head.statusCode, head.headers['content-length'], head.body], [200, '10', ''])
  const cached = await files.get('/r/data.csv.gz', { 'if-none-match': String(whole.headers.etag) })
  assert.equal(cached.statusCode, 304)
})

test('every file server answer carries nosniff and the sandbox CSP, errors and the health check included', async (t) => {
  const app = await testApp(t)
  const files = adminFiles(app)
  for (const res of [await files.get('/missing.html'), await app.app.servers.files.inject({ method: 'GET', url: '/' })]) {
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    assert.match(String(res.headers['content-security-policy']), /sandbox/)
  }
})
