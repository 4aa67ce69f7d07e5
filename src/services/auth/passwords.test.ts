import assert from 'node:assert/strict'
import { test } from 'node:test'
import { performance } from 'node:perf_hooks'
import { BCRYPT_COST, DUMMY_HASH, bcryptHashOf, createPasswordHasher, hashPassword } from './passwords.js'

test('hashes verify raw, base64-encoded (ClearML pass_hashed), and as $2a$ / $2y$; wrong or malformed ones do not', async () => {
  const passwords = createPasswordHasher()
  const hash = await passwords.hash('s3cret-pass')
  assert.match(hash, new RegExp(`^\\$2b\\$${BCRYPT_COST}\\$`))
  const body = hash.slice(4)
  for (const stored of [hash, Buffer.from(hash).toString('base64'), `$2a$${body}`, `$2y$${body}`]) {
    assert.equal(await passwords.verify('s3cret-pass', stored), true, stored)
    assert.equal(await passwords.verify('wrong', stored), false, stored)
  }
  for (const stored of ['', 'plain-text', '$2b$10$short', Buffer.from('nonsense').toString('base64'), null, undefined]) {
    assert.equal(await passwords.verify('s3cret-pass', stored), false, String(stored))
  }
})

test('the dummy hash that unknown users are checked against has the cost of every stored hash', async () => {
  assert.equal(bcryptHashOf(DUMMY_HASH), DUMMY_HASH)
  assert.equal(DUMMY_HASH.slice(0, 7), (await hashPassword('x')).slice(0, 7))
  assert.equal(DUMMY_HASH.slice(0, 7), `$2b$${BCRYPT_COST}$`)
})

test('checks run off the main thread: the event loop stays idle while 16 of them hash', async () => {
  const passwords = createPasswordHasher()
  const hash = await hashPassword('right')
  const before = performance.eventLoopUtilization()
  await Promise.all(Array.from({ length: 16 }, () => passwords.verify('wrong', hash)))
  const busy = performance.eventLoopUtilization(before).utilization
  // bcryptjs on the main thread keeps it near 1; the native binding leaves it near 0.
  assert.ok(busy < 0.5, `event loop utilisation ${busy.toFixed(2)} while hashing`)
})
