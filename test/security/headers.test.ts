// What every answer tells a browser (security headers per role), which methods RPC takes, the session cookie's name
// and Secure flag, and when X-Forwarded-* headers count (only from configured proxies).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ADMIN, testApp } from '../../src/test/test-app.js'

test('RPC takes GET and POST (and OPTIONS preflights); PUT, DELETE, PATCH and TRACE get 405 with an envelope', async (t) => {
  const app = await testApp(t)
  for (const method of ['PUT', 'DELETE', 'PATCH', 'TRACE'] as const) {
    const res = await app.app.servers.api.inject({ method: method as 'PUT', url: '/debug.ping' })
    assert.equal(res.statusCode, 405, method)
    assert.equal(res.headers.allow, 'GET, POST')
    assert.equal(res.json().meta.result_code, 405)
  }
  assert.equal((await app.app.servers.api.inject({ method: 'GET', url: '/debug.ping' })).statusCode, 200)
  assert.equal((await app.app.servers.gateway.inject({ method: 'DELETE', url: '/api/debug.ping' })).statusCode, 405)
  const preflight = await app.app.servers.api.inject({ method: 'OPTIONS', url: '/auth.create_user', headers: { origin: 'https://evil.example' } })
  assert.equal(preflight.statusCode, 200)
  assert.equal(preflight.headers['access-control-allow-origin'], undefined, 'a preflight is never approved')
})

test('API answers forbid sniffing, framing, referrers and any content; the web app loads only from its origin', async (t) => {
  const app = await testApp(t)
  const common = (h: Record<string, unknown>, where: string) => {
    assert.equal(h['x-content-type-options'], 'nosniff', where)
    assert.equal(h['referrer-policy'], 'no-referrer', where)
  }
  for (const [server, url] of [[app.app.servers.api, '/debug.ping'], [app.app.servers.gateway, '/api/debug.ping']] as const) {
    const { headers } = await server.inject({ method: 'GET', url })
    common(headers, url)
    assert.equal(headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'")
    assert.equal(headers['x-frame-options'], 'DENY')
  }
  for (const [server, url] of [[app.app.servers.web, '/'], [app.app.servers.gateway, '/'], [app.app.servers.web, '/configuration.json']] as const) {
    const { headers } = await server.inject({ method: 'GET', url })
    common(headers, url)
    const csp = String(headers['content-security-policy'])
    assert.match(csp, /default-src 'self'/, url)
    assert.match(csp, /script-src 'self'(;|$)/, url)
    assert.match(csp, /object-src 'none'/, url)
    assert.match(csp, /frame-ancestors 'self'/, url)
  }
})

test('the session cookie is set and read under apiserver.auth.session_auth_cookie_name; the default name then fails', async (t) => {
  const app = await testApp(t, 'auth { session_auth_cookie_name: "clarion_session" }')
  const login = await app.call('auth.login', {}, { basic: ADMIN, token: null })
  const cookie = String(login.headers['set-cookie']).split(';')[0]
  assert.match(cookie, /^clarion_session=/)
  const token = cookie.slice(cookie.indexOf('=') + 1)
  const headers = { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }
  const as = (c: string) => app.call('users.get_current_user', {}, { token: null, headers: { ...headers, cookie: c } })
  assert.equal((await as(`other=1; clarion_session=${token}`)).status, 200)
  assert.equal((await as(`clearml_token_basic=${token}`)).status, 401)
  const file = await app.app.servers.files.inject({ method: 'GET', url: '/none.txt', headers: { cookie: `clarion_session=${token}`, 'sec-fetch-site': 'same-origin' } })
  assert.equal(file.statusCode, 404, 'the file server reads the same name')
})

test('X-Forwarded-For/-Proto count only from a trusted proxy: the recorded client address and the Secure cookie', async (t) => {
  const app = await testApp(t, '', { CLARION_TRUSTED_PROXIES: '10.0.0.0/8' })
  const { access_key: key, secret_key: secret } = (await app.ok('auth.create_credentials', {})).credentials
  const basic = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`
  const forwarded = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' }
  const login = (remoteAddress: string) => app.app.servers.api.inject({
    method: 'POST', url: '/auth.login', remoteAddress, headers: { authorization: basic, ...forwarded },
  })
  const direct = await login('192.0.2.7')
  assert.doesNotMatch(String(direct.headers['set-cookie']), /Secure/)
  const lastUsedFrom = async () => (await app.ok('auth.get_credentials', {})).credentials.find((c: { access_key: string }) => c.access_key === key).last_used_from
  assert.equal(await lastUsedFrom(), '192.0.2.7', 'an untrusted client cannot forge its address')

  const untrusted = await testApp(t, '', {})
  const viaNoProxy = await untrusted.app.servers.api.inject({
    method: 'POST', url: '/auth.login', remoteAddress: '10.1.2.3', headers: { authorization: `Basic ${Buffer.from('admin:admin-password').toString('base64')}`, ...forwarded },
  })
  assert.doesNotMatch(String(viaNoProxy.headers['set-cookie']), /Secure/, 'no proxy is trusted by default')

  const proxied = await app.app.servers.api.inject({
    method: 'POST', url: '/auth.login', remoteAddress: '10.1.2.3', headers: { authorization: `Basic ${Buffer.from('admin:admin-password').toString('base64')}`, ...forwarded },
  })
  assert.match(String(proxied.headers['set-cookie']), /; Secure/)

  const second = (await app.ok('auth.create_credentials', {})).credentials
  await app.app.servers.api.inject({
    method: 'POST', url: '/auth.login', remoteAddress: '10.1.2.3',
    headers: { authorization: `Basic ${Buffer.from(`${second.access_key}:${second.secret_key}`).toString('base64')}`, ...forwarded },
  })
  const listed = (await app.ok('auth.get_credentials', {})).credentials.find((c: { access_key: string }) => c.access_key === second.access_key)
  assert.equal(listed.last_used_from, '203.0.113.9', 'behind a trusted proxy the forwarded address is the client')
})
