// Cross-site request forgery: a browser sends the session cookie with requests another site makes it send. A call
// that authenticates with the cookie must be a POST with a JSON body from a page of our own origin (or a same-origin
// GET of a download). Calls with an Authorization header (the SDK, the agent) are unaffected.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ADMIN, testApp, type TestApp } from '../../src/test/test-app.js'
import { multipartBody } from './files-helpers.js'

const HOST = 'clarion.example:8008'

async function sessionCookie(app: TestApp): Promise<string> {
  const res = await app.call('auth.login', {}, { basic: ADMIN, token: null })
  const cookie = String(res.headers['set-cookie']).split(';')[0]
  assert.match(cookie, /^clearml_token_basic=.+/)
  return cookie
}

interface BrowserCall { method?: 'GET' | 'POST'; url: string; body?: string; headers?: Record<string, string> }

const browser = (app: TestApp, cookie: string, c: BrowserCall) => app.app.servers.api.inject({
  method: c.method ?? 'POST', url: c.url, payload: c.body,
  headers: { host: HOST, cookie, ...c.headers },
})

const userExists = async (app: TestApp, email: string) =>
  (await app.ok('users.get_all', {})).users.some((u: { email?: string; name: string }) => u.name === email)

const NEW_ADMIN = JSON.stringify({ name: 'mallory', email: 'mallory@evil.example', role: 'admin', password: 'mallory-password' })

test('a link or image (GET with query args) cannot act with the session cookie: 403/0, nothing created', async (t) => {
  const app = await testApp(t)
  const cookie = await sessionCookie(app)
  for (const site of [undefined, 'cross-site', 'same-site', 'none', 'same-origin']) {
    const res = await browser(app, cookie, {
      method: 'GET', url: '/auth.create_user?name=mallory&email=mallory@evil.example&role=admin',
      headers: site ? { 'sec-fetch-site': site } : {},
    })
    assert.deepEqual([res.statusCode, res.json().meta.result_subcode], [403, 0], String(site))
  }
  assert.equal(await userExists(app, 'mallory'), false)
})

test('a form posted from another site (text/plain or urlencoded) is refused before it is read', async (t) => {
  const app = await testApp(t)
  const cookie = await sessionCookie(app)
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    for (const proof of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, {}, { 'sec-fetch-site': 'same-origin' }] as Record<string, string>[]) {
      const res = await browser(app, cookie, { url: '/auth.create_user', body: NEW_ADMIN, headers: { 'content-type': type, ...proof } })
      assert.equal(res.statusCode, 403, `${type} ${JSON.stringify(proof)}`)
    }
  }
  assert.equal(await userExists(app, 'mallory'), false)
})

test('a JSON POST with the cookie needs proof of our origin: fetch metadata, a matching Origin or a non-simple header', async (t) => {
  const app = await testApp(t)
  const cookie = await sessionCookie(app)
  const json = { 'content-type': 'application/json' }
  const refused: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' },
    { origin: 'https://evil.example' }, { origin: 'http://clarion.example:9999' }, { origin: 'null' }, {}]
  for (const proof of refused) {
    const res = await browser(app, cookie, { url: '/users.get_current_user', body: '{}', headers: { ...json, ...proof } })
    assert.deepEqual([res.statusCode, res.json().meta.result_subcode], [403, 0], JSON.stringify(proof))
  }
  const accepted: Record<string, string>[] = [{ 'sec-fetch-site': 'same-origin' }, { origin: `http://${HOST}` }, { 'x-allegro-client': 'Webapp-2.5' },
    { 'sec-fetch-site': 'same-origin', origin: `http://${HOST}` }]
  for (const proof of accepted) {
    const res = await browser(app, cookie, { url: '/users.get_current_user', body: '{}', headers: { ...json, ...proof } })
    assert.equal(res.statusCode, 200, JSON.stringify(proof))
  }
  // The web app's own call creates the user: the same request with proof works.
  const made = await browser(app, cookie, { url: '/auth.create_user', body: NEW_ADMIN, headers: { ...json, 'sec-fetch-site': 'same-origin' } })
  assert.equal(made.statusCode, 200)
})

test('downloads may be opened with a same-origin GET link; from another site they are refused', async (t) => {
  const app = await testApp(t)
  const cookie = await sessionCookie(app)
  const { id: task } = await app.ok('tasks.create', { name: 'log task', type: 'training' })
  const url = `/events.download_task_log?task=${task}`
  assert.equal((await browser(app, cookie, { method: 'GET', url, headers: { 'sec-fetch-site': 'same-origin' } })).statusCode, 200)
  assert.equal((await browser(app, cookie, { method: 'GET', url, headers: { 'sec-fetch-site': 'cross-site' } })).statusCode, 403)
  assert.equal((await browser(app, cookie, { method: 'GET', url, headers: { origin: 'https://evil.example' } })).statusCode, 403)
})

test('an optional-auth call from another site is answered as if there were no session', async (t) => {
  const app = await testApp(t)
  const cookie = await sessionCookie(app)
  const ask = (headers: Record<string, string>) =>
    browser(app, cookie, { url: '/login.supported_modes', body: '{}', headers: { 'content-type': 'application/json', ...headers } })
  assert.equal((await ask({ 'sec-fetch-site': 'same-origin' })).json().data.authenticated, true)
  const cross = await ask({ 'sec-fetch-site': 'cross-site' })
  assert.equal(cross.statusCode, 200)
  assert.equal(cross.json().data.authenticated, false)
})

test('SDK and agent calls (Authorization header) work as before: GET with a JSON body, any content type, query args', async (t) => {
  const app = await testApp(t)
  const auth = { authorization: `Bearer ${app.adminToken}`, host: HOST, origin: 'https://elsewhere.example' }
  const viaGet = await app.app.servers.api.inject({ method: 'GET', url: '/users.get_current_user', payload: '{}', headers: { ...auth, 'content-type': 'application/json' } })
  assert.equal(viaGet.statusCode, 200)
  const noType = await app.app.servers.api.inject({ method: 'POST', url: '/projects.get_all', payload: '{"name": "x"}', headers: auth })
  assert.equal(noType.statusCode, 200)
  const query = await app.app.servers.api.inject({ method: 'GET', url: '/projects.get_all?name=x', headers: auth })
  assert.equal(query.statusCode, 200)
  // The header wins over a cookie, as in ClearML: the cookie rules do not apply.
  const both = await app.app.servers.api.inject({ method: 'GET', url: '/users.get_current_user', headers: { ...auth, cookie: 'clearml_token_basic=junk' } })
  assert.equal(both.statusCode, 200)
})

test('file server: another site cannot upload or delete with the cookie; our pages and <img> loads can read', async (t) => {
  const app = await testApp(t)
  const cookie = await sessionCookie(app)
  const files = app.app.servers.files
  const { payload, contentType } = multipartBody([{ name: 'p/page.txt', body: 'hello' }])
  const post = (headers: Record<string, string>) =>
    files.inject({ method: 'POST', url: '/', payload, headers: { host: HOST, cookie, 'content-type': contentType, ...headers } })
  assert.equal((await post({ 'sec-fetch-site': 'cross-site' })).statusCode, 403)
  assert.equal((await post({ origin: 'https://evil.example' })).statusCode, 403)
  assert.equal((await post({})).statusCode, 403, 'a form post from an older browser shows no origin')
  assert.equal((await post({ 'sec-fetch-site': 'same-origin' })).statusCode, 200)
  const del = await files.inject({ method: 'DELETE', url: '/p/page.txt', headers: { host: HOST, cookie, 'sec-fetch-site': 'cross-site' } })
  assert.equal(del.statusCode, 403)
  const read = (headers: Record<string, string>) => files.inject({ method: 'GET', url: '/p/page.txt', headers: { host: HOST, cookie, ...headers } })
  assert.equal((await read({ 'sec-fetch-site': 'same-origin' })).body, 'hello')
  assert.equal((await read({})).statusCode, 200, 'an older browser loading an image sends no fetch metadata')
  assert.equal((await read({ 'sec-fetch-site': 'cross-site' })).statusCode, 403)
})
