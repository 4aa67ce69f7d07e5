// Issue #13 item 6: failed password sign-ins are rate-limited per user name and per client address (429 once locked
// out), bcrypt runs off the main thread, and an unknown name costs the same bcrypt check as a wrong password.
// Access keys are never locked out.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEFAULT_LOGIN_LIMITS } from '../../src/config/config.js'
import { createAuthenticator } from '../../src/services/auth/authenticator.js'
import { createFixedUsers } from '../../src/services/auth/fixed-users.js'
import { createPasswordHasher, type PasswordHasher } from '../../src/services/auth/passwords.js'
import { createTokenIssuer } from '../../src/services/auth/tokens.js'
import { ADMIN, USER, testApp, type TestApp } from '../../src/test/test-app.js'

const { perUser, perAddress } = DEFAULT_LOGIN_LIMITS

interface Reply { status: number; subcode: number; message: string; data: Record<string, any> }

/** A call from a given client address, as the transport hands it over (the socket's peer unless a trusted proxy says otherwise). */
async function from(app: TestApp, remoteAddress: string, name: string, authorization: string, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await app.app.servers.api.inject({
    method: 'POST', url: `/${name}`, remoteAddress, payload: '{}',
    headers: { authorization, 'content-type': 'application/json', ...headers },
  })
  const body = JSON.parse(res.body) as { meta: { result_subcode: number; result_msg: string }; data: Record<string, any> }
  return { status: res.statusCode, subcode: body.meta.result_subcode, message: body.meta.result_msg, data: body.data }
}

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
const login = (app: TestApp, address: string, username: string, password: string) =>
  from(app, address, 'auth.login', basic(username, password))

test(`a user name is locked out (429) after ${perUser} wrong passwords, the right one included, from any address`, async (t) => {
  const app = await testApp(t)
  // Sent all at once from many addresses: still only the limit's worth of guesses is checked.
  const guesses = await Promise.all(Array.from({ length: 3 * perUser }, (_, i) => login(app, `198.51.100.${i + 1}`, USER.username, `guess-${i}`)))
  assert.equal(guesses.filter((r) => r.status === 401 && r.subcode === 22).length, perUser)
  assert.equal(guesses.filter((r) => r.status === 429).length, 2 * perUser)
  const locked = await login(app, '198.51.100.200', USER.username, USER.password)
  assert.deepEqual([locked.status, locked.subcode], [429, 0])
  assert.match(locked.message, /Too many failed sign-in attempts \(retry in \d+ s\)/)
  // Other users, and tokens already held, are unaffected.
  assert.equal((await login(app, '198.51.100.200', ADMIN.username, ADMIN.password)).status, 200)
  assert.equal((await app.call('users.get_current_user')).status, 200)
})

test('a successful sign-in starts the name\'s count again', async (t) => {
  const app = await testApp(t)
  for (let round = 0; round < 2; round++) {
    const wrong = await Promise.all(Array.from({ length: perUser - 1 }, () => login(app, '198.51.100.1', USER.username, 'wrong')))
    assert.deepEqual(wrong.map((r) => r.status), Array<number>(perUser - 1).fill(401))
    assert.equal((await login(app, '198.51.100.1', USER.username, USER.password)).status, 200, `round ${round}`)
  }
})

test(`a client address is locked out (429) after ${perAddress} failures over any names; the address is the one the transport passes`, async (t) => {
  const app = await testApp(t)
  const attacker = '203.0.113.7'
  const guesses = await Promise.all(Array.from({ length: perAddress }, (_, i) => login(app, attacker, `nobody-${i}@x.org`, 'guess')))
  assert.deepEqual(guesses.map((r) => r.status), Array<number>(perAddress).fill(401))
  assert.equal((await login(app, attacker, ADMIN.username, ADMIN.password)).status, 429)
  // A forged X-Forwarded-For from an untrusted peer changes nothing.
  const forged = await from(app, attacker, 'auth.login', basic(ADMIN.username, ADMIN.password), { 'x-forwarded-for': '192.0.2.55' })
  assert.equal(forged.status, 429)
  assert.equal((await login(app, '203.0.113.8', ADMIN.username, ADMIN.password)).status, 200)
})

test('access keys are never locked out: the right key signs in from a locked-out address; wrong secrets do not lock the key', async (t) => {
  const app = await testApp(t)
  const { credentials } = await app.ok('auth.create_credentials', { label: 'sdk' })
  const address = '203.0.113.9'
  const wrong = await Promise.all(Array.from({ length: perAddress + 5 }, (_, i) => login(app, address, credentials.access_key, `wrong-${i}`)))
  assert.deepEqual(wrong.map((r) => r.status), Array<number>(perAddress + 5).fill(401))
  assert.equal((await login(app, address, ADMIN.username, ADMIN.password)).status, 429, 'the wrong secrets counted for the address')
  const sdk = await login(app, address, credentials.access_key, credentials.secret_key)
  assert.equal(sdk.status, 200)
})

test('unrelated calls keep answering during a burst of 32 bad sign-ins', async (t) => {
  const app = await testApp(t)
  let finished = 0
  const burst = Array.from({ length: 32 }, (_, i) =>
    login(app, `192.0.2.${i + 1}`, `nobody-${i}@x.org`, 'wrong').then((r) => {
      finished++
      return r.status
    }))
  // Sent after the burst, answered while most of it is still hashing (bcrypt on the main thread answered it last).
  const ping = await app.call('users.get_current_user')
  const finishedBeforePing = finished
  assert.equal(ping.status, 200)
  assert.deepEqual(await Promise.all(burst), Array<number>(32).fill(401))
  assert.ok(finishedBeforePing < 16, `${finishedBeforePing} of 32 bad sign-ins had finished before the unrelated call`)
})

test('an unknown name, a wrong stored password and a wrong fixed-user password each cost one bcrypt check', async (t) => {
  const app = await testApp(t)
  await app.ok('auth.create_user', { name: 'Stored', email: 'stored@x.org', password: 'stored-password' })
  const real = createPasswordHasher()
  const checked: (string | null | undefined)[] = []
  const counting: PasswordHasher = { hash: real.hash, verify: (password, hash) => { checked.push(hash); return real.verify(password, hash) } }
  const authenticator = createAuthenticator({
    store: app.app.store, clock: () => new Date(), passwords: counting,
    tokens: createTokenIssuer({ secret: new Uint8Array(32), serverVersion: '0', apiVersion: '2.31' }),
    fixedUsers: createFixedUsers({ enabled: true, passHashed: false, users: [USER], defaultCompany: 'd1bd92a3b039400cbafc60a7a5b1e52b' }),
  })
  const attempt = async (username: string, password: string) => {
    const before = checked.length
    const outcome = await authenticator.authenticate({ authorization: basic(username, password), clientIp: '192.0.2.1' })
      .then(() => 'ok', (err: { code: number }) => err.code)
    return { outcome, checks: checked.length - before }
  }
  assert.deepEqual(await attempt('nobody@x.org', 'guess'), { outcome: 401, checks: 1 })
  assert.deepEqual(await attempt('stored@x.org', 'guess'), { outcome: 401, checks: 1 })
  assert.deepEqual(await attempt(USER.username, 'guess'), { outcome: 401, checks: 1 })
  assert.deepEqual(await attempt('stored@x.org', 'stored-password'), { outcome: 'ok', checks: 1 })
  assert.deepEqual(await attempt(USER.username, USER.password), { outcome: 'ok', checks: 1 })
  // The unknown name and the plain-text fixed user were checked against the dummy hash; the stored user against theirs.
  assert.deepEqual(checked.map((h) => (h ? 'hash' : 'dummy')), ['dummy', 'hash', 'dummy', 'hash', 'dummy'])
})
