// Issue #13 item 5: a token proves who signed in, never what they may still do. Role, company and existence come from
// the store on every call (cached, and dropped when a user changes here or in a sibling API process), and tokens are
// short-lived by default. Item 11 (part): user names and emails are bounded, so no token outgrows a header.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, type TestContext } from 'node:test'
import { decodeJwt } from 'jose'
import { pino } from 'pino'
import { createApp } from '../../src/app.js'
import { loadConfig } from '../../src/config/config.js'
import { openStore } from '../../src/store/open-store.js'
import { testApp, type TestApp } from '../../src/test/test-app.js'

const codes = (res: { status: number; meta: { result_subcode: number } }) => [res.status, res.meta.result_subcode]

async function userWithPassword(app: TestApp, role: 'admin' | 'user', email: string): Promise<{ id: string; token: string }> {
  const { id } = await app.ok('auth.create_user', { name: `Someone ${email}`, email, role, password: 'long-enough-password' })
  return { id, token: await app.login(email, 'long-enough-password') }
}

test('a demoted admin\'s token creates no admin (403/20): the role comes from the store, not the token', async (t) => {
  const app = await testApp(t)
  const eve = await userWithPassword(app, 'admin', 'eve@x.org')
  assert.equal((await app.call('auth.create_user', { name: 'Made While Admin', email: 'one@x.org' }, { token: eve.token })).status, 200)
  await app.ok('auth.edit_user', { user: eve.id, role: 'user' })
  const after = await app.call('auth.create_user', { name: 'Made After', email: 'two@x.org', role: 'admin' }, { token: eve.token })
  assert.deepEqual(codes(after), [403, 20])
  assert.equal((await app.ok('users.get_current_user', {}, { token: eve.token })).user.role, 'user')
  // Promoted again, the same token is an admin's at once.
  await app.ok('auth.edit_user', { user: eve.id, role: 'admin' })
  assert.equal((await app.call('auth.create_user', { name: 'Made Again', email: 'three@x.org' }, { token: eve.token })).status, 200)
})

test('a deleted user\'s token is refused (401/30): no tasks, no keys, and auth.validate_token says invalid', async (t) => {
  const app = await testApp(t)
  const mallory = await userWithPassword(app, 'admin', 'mallory@x.org')
  assert.equal((await app.call('tasks.create', { name: 'before', type: 'training' }, { token: mallory.token })).status, 200)
  await app.ok('users.delete', { user: mallory.id })
  assert.deepEqual(codes(await app.call('tasks.create', { name: 'after', type: 'training' }, { token: mallory.token })), [401, 30])
  assert.deepEqual(codes(await app.call('auth.create_credentials', {}, { token: mallory.token })), [401, 30])
  assert.deepEqual(codes(await app.call('auth.create_user', { name: 'X', email: 'x@x.org' }, { token: mallory.token })), [401, 30])
  assert.equal((await app.ok('auth.validate_token', { token: mallory.token })).valid, false)
  const relogin = await app.call('auth.login', {}, { basic: { username: 'mallory@x.org', password: 'long-enough-password' }, token: null })
  assert.deepEqual(codes(relogin), [401, 22])
})

/** Two API processes on one SQLite file, as CLARION_API_WORKERS=2 runs them (in one process here, each with its own connection). */
async function siblingApps(t: TestContext) {
  const dataDir = await mkdtemp(join(tmpdir(), 'clarion-siblings-'))
  await mkdir(join(dataDir, 'config'))
  await writeFile(join(dataDir, 'config', 'apiserver.conf'),
    'auth { fixed_users { enabled: true, users: [ { username: "admin", password: "admin-password", admin: true } ] } }\n')
  const config = await loadConfig({ CLARION_DATA_DIR: dataDir, CLARION_CONFIG_DIR: join(dataDir, 'config') })
  const open = () => createApp({ config, store: openStore(config), log: pino({ level: 'silent' }), signingSecret: new Uint8Array(32).fill(9) })
  const first = await open()
  const second = await open()
  t.after(async () => {
    await first.close()
    await second.close()
    await rm(dataDir, { recursive: true, force: true })
  })
  const call = async (app: typeof first, name: string, body: unknown, authorization: string) => {
    const res = await app.servers.api.inject({ method: 'POST', url: `/${name}`, headers: { authorization, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
    const envelope = JSON.parse(res.body) as { meta: { result_subcode: number }; data: Record<string, any> }
    return { status: res.statusCode, meta: envelope.meta, data: envelope.data }
  }
  const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`
  return { first, second, call, basic }
}

test('a demotion or deletion made through a sibling API process applies to tokens in this one at once', async (t) => {
  const { first, second, call, basic } = await siblingApps(t)
  const admin = `Bearer ${(await call(first, 'auth.login', {}, basic('admin', 'admin-password'))).data.token}`
  const created = await call(first, 'auth.create_user', { name: 'Eve', email: 'eve@x.org', role: 'admin', password: 'long-enough-password' }, admin)
  const eve = `Bearer ${(await call(first, 'auth.login', {}, basic('eve@x.org', 'long-enough-password'))).data.token}`
  // The first process has Eve's admin role in memory now.
  assert.equal((await call(first, 'auth.create_user', { name: 'A', email: 'a@x.org' }, eve)).status, 200)

  assert.equal((await call(second, 'auth.edit_user', { user: created.data.id, role: 'user' }, admin)).status, 200)
  assert.deepEqual(codes(await call(first, 'auth.create_user', { name: 'B', email: 'b@x.org' }, eve)), [403, 20])

  assert.equal((await call(second, 'users.delete', { user: created.data.id }, admin)).status, 200)
  assert.deepEqual(codes(await call(first, 'tasks.create', { name: 't', type: 'training' }, eve)), [401, 30])
  assert.deepEqual(codes(await call(first, 'auth.create_credentials', {}, eve)), [401, 30])
})

test('tokens last one day by default, well above the SDK\'s and the agent\'s refresh margins; default_expiration_sec is honoured', async (t) => {
  const app = await testApp(t)
  const claims = decodeJwt(await app.login('jane', 'jane-password'))
  assert.equal(Number(claims.exp) - Number(claims.iat), 24 * 3600)
  // The agent renews when less than 12 h are left, the SDK at 6 min (1 h with CLEARML_AUTH_TOKEN).
  assert.ok(Number(claims.exp) - Number(claims.iat) > 12 * 3600)
  // A renewal with the current token (the SDK's CLEARML_AUTH_TOKEN path) gets another full day.
  const renewed = decodeJwt((await app.ok('auth.login', {}, { token: await app.login('jane', 'jane-password') })).token)
  assert.equal(Number(renewed.exp) - Number(renewed.iat), 24 * 3600)

  const configured = await testApp(t, 'auth { default_expiration_sec: 7200 }\n')
  const short = decodeJwt(await configured.login('jane', 'jane-password'))
  assert.equal(Number(short.exp) - Number(short.iat), 7200)
})

test('fixed users and secure.credentials service identities keep working with Bearer tokens', async (t) => {
  const key = 'SERVICEKEY0123456789ABCDEFGHIJ'
  const secret = 'service-secret-that-is-long-enough-0123456789'
  const app = await testApp(t, '', {
    CLEARML__secure__credentials__services_agent__user_key: key,
    CLEARML__secure__credentials__services_agent__user_secret: secret,
    CLEARML__secure__credentials__services_agent__role: 'admin',
  })
  assert.equal((await app.call('tasks.create', { name: 'by the fixed admin', type: 'training' })).status, 200)
  const token = (await app.ok('auth.login', {}, { basic: { username: key, password: secret }, token: null })).token
  assert.equal((await app.call('tasks.create', { name: 'by the service', type: 'training' }, { token })).status, 200)
  assert.equal((await app.call('auth.create_user', { name: 'Via Service', email: 'svc@x.org' }, { token })).status, 200)
})

test('a 20 KB user name or email is refused (400/12), so no token outgrows a request header', async (t) => {
  const app = await testApp(t)
  const long = 'n'.repeat(20_000)
  assert.deepEqual(codes(await app.call('auth.create_user', { name: long, email: 'long@x.org' })), [400, 12])
  assert.deepEqual(codes(await app.call('auth.create_user', { name: 'Long Mail', email: `${long}@x.org` })), [400, 12])
  assert.deepEqual(codes(await app.call('auth.create_user', { name: 'Given', given_name: long, email: 'g@x.org' })), [400, 12])
  const me = (await app.ok('users.get_current_user')).user.id
  assert.deepEqual(codes(await app.call('users.update', { user: me, name: long })), [400, 12])
  assert.equal((await app.call('auth.create_user', { name: 'n'.repeat(256), email: 'fits@x.org' })).status, 200)
})
