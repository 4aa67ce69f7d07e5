import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeJwt } from 'jose'
import { ADMIN, USER, testApp } from '../../test/test-app.js'

test('auth.login with a fixed user returns a JWT carrying the claims the SDK reads, and sets the cookie', async (t) => {
  const app = await testApp(t)
  const res = await app.call('auth.login', {}, { basic: USER, token: null })
  assert.equal(res.status, 200)
  const claims = decodeJwt(res.data.token)
  assert.equal(claims.api_version, '2.31')
  assert.equal(claims.server_version, '2.0.0')
  assert.equal(claims.feature_set, 'basic')
  assert.equal((claims.identity as { role: string }).role, 'user')
  assert.equal((claims.exp as number) - (claims.iat as number), 24 * 3600, 'one day by default (ClearML: 30 days)')
  assert.match(String(res.headers['set-cookie']), /^clearml_token_basic=.+HttpOnly; SameSite=Lax/)
})

test('admin: true in apiserver.conf makes the fixed user an admin', async (t) => {
  const app = await testApp(t)
  const me = await app.ok('users.get_current_user')
  assert.equal(me.user.role, 'admin')
  assert.equal(me.user.name, 'Ada Admin')
  assert.deepEqual(me.user.company, { id: 'd1bd92a3b039400cbafc60a7a5b1e52b', name: 'clearml' })
})

test('missing credentials 401/20, a wrong password 401/22, a bad scheme 401/10, a forged token 401/30', async (t) => {
  const app = await testApp(t)
  const none = await app.call('users.get_current_user', {}, { token: null })
  assert.deepEqual([none.status, none.meta.result_subcode], [401, 20])
  const wrong = await app.call('auth.login', {}, { basic: { username: USER.username, password: 'nope' }, token: null })
  assert.deepEqual([wrong.status, wrong.meta.result_subcode], [401, 22])
  const scheme = await app.call('users.get_current_user', {}, { token: null, headers: { authorization: 'Digest abc' } })
  assert.deepEqual([scheme.status, scheme.meta.result_subcode], [401, 10])
  const forged = await app.call('users.get_current_user', {}, { token: app.adminToken.slice(0, -3) + 'abc' })
  assert.deepEqual([forged.status, forged.meta.result_subcode], [401, 30])
})

test('expiration_sec above the maximum is 400/12', async (t) => {
  const app = await testApp(t)
  const res = await app.call('auth.login', { expiration_sec: 400 * 24 * 3600 })
  assert.deepEqual([res.status, res.meta.result_subcode], [400, 12])
})

test('the session cookie alone authenticates a same-origin call', async (t) => {
  const app = await testApp(t)
  const headers = { cookie: `other=1; clearml_token_basic=${app.adminToken}`, 'sec-fetch-site': 'same-origin' }
  const res = await app.call('users.get_current_user', {}, { token: null, headers })
  assert.equal(res.status, 200)
})

test('credentials: created once with a secret, listed without it, usable with Basic, edited, revoked', async (t) => {
  const app = await testApp(t)
  const userToken = await app.login(USER.username, USER.password)
  const { credentials } = await app.ok('auth.create_credentials', { label: 'laptop' }, { token: userToken })
  assert.match(credentials.access_key, /^[A-Z0-9]{30}$/)
  assert.ok(credentials.secret_key.length >= 60 && !/^[-_]/.test(credentials.secret_key))
  const listed = await app.ok('auth.get_credentials', {}, { token: userToken })
  assert.equal(listed.credentials.length, 1)
  assert.equal(listed.credentials[0].secret_key, undefined)
  assert.equal(listed.credentials[0].label, 'laptop')

  const basic = { username: credentials.access_key, password: credentials.secret_key }
  const token = (await app.ok('auth.login', {}, { basic, token: null })).token
  assert.equal((await app.ok('users.get_current_user', {}, { token })).user.name, 'Jane Doe')
  // Basic works on every endpoint, not only auth.login.
  assert.equal((await app.call('users.get_current_user', {}, { basic, token: null })).status, 200)

  assert.deepEqual(await app.ok('auth.edit_credentials', { access_key: credentials.access_key, label: 'ci' }, { token: userToken }), { updated: 1 })
  const unknown = await app.call('auth.edit_credentials', { access_key: 'NOPE', label: 'x' }, { token: userToken })
  assert.deepEqual([unknown.status, unknown.meta.result_subcode], [400, 75])
  assert.deepEqual(await app.ok('auth.revoke_credentials', { access_key: credentials.access_key }, { token: userToken }), { revoked: 1 })
  const after = await app.call('auth.login', {}, { basic, token: null })
  assert.deepEqual([after.status, after.meta.result_subcode], [401, 22])
})

test('logout revokes the token (401/30 afterwards) and clears the cookie', async (t) => {
  const app = await testApp(t)
  const token = await app.login(USER.username, USER.password)
  for (const name of ['login.logout', 'auth.logout']) {
    const fresh = await app.login(USER.username, USER.password)
    const res = await app.call(name, {}, { token: fresh })
    assert.equal(res.status, 200)
    assert.match(String(res.headers['set-cookie']), /Max-Age=0/)
    const after = await app.call('users.get_current_user', {}, { token: fresh })
    assert.deepEqual([after.status, after.meta.result_subcode], [401, 30])
  }
  assert.equal((await app.call('users.get_current_user', {}, { token })).status, 200)
})

test('login.supported_modes answers with or without credentials', async (t) => {
  const app = await testApp(t)
  assert.equal((await app.ok('login.supported_modes', {}, { token: null })).authenticated, false)
  const authed = await app.ok('login.supported_modes')
  assert.equal(authed.authenticated, true)
  assert.equal(authed.basic.enabled, true)
})

test('auth.create_user is for admins (403/20 for users); the new user can sign in with a password', async (t) => {
  const app = await testApp(t)
  const userToken = await app.login(USER.username, USER.password)
  const denied = await app.call('auth.create_user', { name: 'Bob', email: 'bob@x.org' }, { token: userToken })
  assert.deepEqual([denied.status, denied.meta.result_subcode], [403, 20])
  const { id } = await app.ok('auth.create_user', { name: 'Bob Smith', email: 'bob@x.org', password: 'bob-password' })
  const dup = await app.call('auth.create_user', { name: 'Bob 2', email: 'bob@x.org' })
  assert.deepEqual([dup.status, dup.meta.result_subcode], [400, 302])
  const bobToken = await app.login('bob@x.org', 'bob-password')
  const me = await app.ok('users.get_current_user', {}, { token: bobToken })
  assert.deepEqual([me.user.id, me.user.given_name, me.user.family_name], [id, 'Bob', 'Smith'])
  assert.deepEqual(await app.ok('auth.edit_user', { user: id, role: 'admin' }), { updated: 1, fields: { role: 'admin' } })
})

test('impersonation: admins act as another user, users get 403/20, unknown users 400/6, both headers 400/5', async (t) => {
  const app = await testApp(t)
  const { id } = await app.ok('auth.create_user', { name: 'Carol', email: 'carol@x.org' })
  const as = await app.ok('users.get_current_user', {}, { headers: { 'x-clearml-impersonate-as': id } })
  assert.equal(as.user.id, id)
  const userToken = await app.login(USER.username, USER.password)
  const denied = await app.call('users.get_current_user', {}, { token: userToken, headers: { 'x-clearml-impersonate-as': id } })
  assert.deepEqual([denied.status, denied.meta.result_subcode], [403, 20])
  const unknown = await app.call('users.get_current_user', {}, { headers: { 'x-clearml-impersonate-as': 'nobody' } })
  assert.deepEqual([unknown.status, unknown.meta.result_subcode], [400, 6])
  const both = await app.call('users.get_current_user', {}, { headers: { 'x-clearml-impersonate-as': id, 'x-clearml-act-as': id } })
  assert.deepEqual([both.status, both.meta.result_subcode], [400, 5])
})

test('auth.validate_token tells valid from invalid tokens', async (t) => {
  const app = await testApp(t)
  assert.equal((await app.ok('auth.validate_token', { token: app.adminToken })).valid, true)
  assert.equal((await app.ok('auth.validate_token', { token: 'x.y.z' })).valid, false)
})
