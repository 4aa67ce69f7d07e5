import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { DEFAULT_LOGIN_LIMITS, loadConfig } from '../../config/config.js'
import { addressKey, createLoginLimiter } from './login-limiter.js'

const isLockedOut = (err: unknown) => {
  const e = err as { code?: number; subcode?: number; message?: string }
  return e.code === 429 && e.subcode === 0 && /retry in \d+ s/.test(e.message ?? '')
}

test('addresses: IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
  assert.equal(addressKey('203.0.113.7'), '203.0.113.7')
  assert.equal(addressKey('::ffff:203.0.113.7'), '203.0.113.7')
  assert.equal(addressKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64')
  assert.equal(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64')
  assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64')
  assert.equal(addressKey('::1'), '0:0:0:0::/64')
  assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64')
  assert.equal(addressKey('unknown'), 'unknown')
})

/** A failed sign-in, as the authenticator makes one: the attempt is counted, and nothing is given back. */
const fail = (limiter: ReturnType<typeof createLoginLimiter>, name: string, address: string) => limiter.attempt(name, address)

test('a name is locked out (429/0) once its limit of failures is used; a success before that starts its count again', async () => {
  const limiter = createLoginLimiter({ perUser: 3, perAddress: 100, windowSec: 900 })
  for (let i = 0; i < 2; i++) await fail(limiter, 'jane', '10.0.0.1')
  await limiter.attempt('jane', '10.0.0.1')
  await limiter.succeeded('jane', '10.0.0.1')
  for (let i = 0; i < 3; i++) await fail(limiter, 'jane', `10.0.0.${i + 2}`)
  // Locked from every address, the right password included; other names are not.
  await assert.rejects(limiter.attempt('jane', '10.0.0.9'), isLockedOut)
  await limiter.attempt('bob', '10.0.0.9')
})

test('parallel guesses cannot slip past the limit: each takes its point before the password is checked', async () => {
  const limiter = createLoginLimiter({ perUser: 5, perAddress: 1000, windowSec: 900 })
  const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) =>
    limiter.attempt('jane', `10.0.1.${i}`).then(() => 'checked', (err: unknown) => (isLockedOut(err) ? 429 : err))))
  assert.equal(outcomes.filter((o) => o === 'checked').length, 5)
  assert.equal(outcomes.filter((o) => o === 429).length, 45)
})

test('an address is locked out after its limit of failures over any names; wrong access-key secrets count for it', async () => {
  const limiter = createLoginLimiter({ perUser: 100, perAddress: 4, windowSec: 900 })
  for (const name of ['a', 'b', 'c']) await fail(limiter, name, '2001:db8::1')
  await limiter.failedKey('2001:db8::2')
  await assert.rejects(limiter.attempt('d', '2001:db8::99'), isLockedOut, 'the same /64')
  await limiter.attempt('d', '2001:db8:0:1::1')
})

test('a success gives the address its attempt back, and no more', async () => {
  const limiter = createLoginLimiter({ perUser: 100, perAddress: 3, windowSec: 900 })
  await fail(limiter, 'a', '10.0.0.1')
  await fail(limiter, 'b', '10.0.0.1')
  for (let i = 0; i < 5; i++) {
    await limiter.attempt('good', '10.0.0.1')
    await limiter.succeeded('good', '10.0.0.1')
  }
  await fail(limiter, 'c', '10.0.0.1')
  await assert.rejects(limiter.attempt('good', '10.0.0.1'), isLockedOut)
})

test('a lockout ends with its window', async () => {
  const limiter = createLoginLimiter({ perUser: 1, perAddress: 100, windowSec: 1 })
  await fail(limiter, 'jane', '10.0.0.1')
  await assert.rejects(limiter.attempt('jane', '10.0.0.1'), isLockedOut)
  await sleep(1_100)
  await limiter.attempt('jane', '10.0.0.1')
})

test('apiserver.auth.login_lockout sets the limits (10, 50, 900 s by default); a bad value stops the start', async () => {
  const none = '/nonexistent'
  assert.deepEqual((await loadConfig({ CLARION_CONFIG_DIR: none })).auth.loginLimits, DEFAULT_LOGIN_LIMITS)
  assert.deepEqual(DEFAULT_LOGIN_LIMITS, { perUser: 10, perAddress: 50, windowSec: 900 })
  const set = await loadConfig({
    CLARION_CONFIG_DIR: none, CLEARML__apiserver__auth__login_lockout__max_failures_per_user: '5',
    CLEARML__apiserver__auth__login_lockout__max_failures_per_address: '20', CLEARML__apiserver__auth__login_lockout__window_sec: '60',
  })
  assert.deepEqual(set.auth.loginLimits, { perUser: 5, perAddress: 20, windowSec: 60 })
  await assert.rejects(loadConfig({ CLARION_CONFIG_DIR: none, CLEARML__apiserver__auth__login_lockout__window_sec: '0' }), /login_lockout\.window_sec/)
})
