import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isApiError } from '../../errors.js'
import { createTokenIssuer } from './tokens.js'

const identity = { user: 'u', company: 'c', role: 'user' as const, userName: 'U', companyName: 'C' }
const issuer = () => createTokenIssuer({ secret: new Uint8Array(32).fill(3), serverVersion: '2.0.0', apiVersion: '2.31' })

test('a verified token stays valid until exp, also when served from the cache, and 401/30 after', async () => {
  const tokens = issuer()
  const t0 = new Date('2026-01-01T00:00:00Z')
  const { token } = await tokens.issue(identity, t0, 60)
  assert.equal((await tokens.verify(token, new Date(t0.getTime() + 1000))).identity.user, 'u')
  assert.equal((await tokens.verify(token, new Date(t0.getTime() + 2000))).identity.user, 'u')
  await assert.rejects(tokens.verify(token, new Date(t0.getTime() + 61_000)), (e) => isApiError(e) && e.code === 401 && e.subcode === 30)
  await assert.rejects(tokens.verify(token, new Date(t0.getTime() + 62_000)), (e) => isApiError(e) && e.subcode === 30)
})

test('a token signed with another secret, or altered, is 401/30', async () => {
  const other = createTokenIssuer({ secret: new Uint8Array(32).fill(4), serverVersion: '2.0.0', apiVersion: '2.31' })
  const { token } = await other.issue(identity, new Date(), 60)
  await assert.rejects(issuer().verify(token, new Date()), (e) => isApiError(e) && e.subcode === 30)
  const mine = (await issuer().issue(identity, new Date(), 60)).token
  await assert.rejects(issuer().verify(mine.slice(0, -2) + 'xx', new Date()), (e) => isApiError(e) && e.subcode === 30)
})
