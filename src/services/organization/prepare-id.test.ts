import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createHmac, hkdfSync } from 'node:crypto'
import { deflateRawSync } from 'node:zlib'
import type { Identity } from '../../domain/entities/user.js'
import { isApiError } from '../../errors.js'
import { createPrepareIds } from './prepare-id.js'

const secret = new Uint8Array(32).fill(3)
const ids = createPrepareIds({ signingSecret: secret, ttlSec: 300 })
const jane: Identity = { user: 'jane', company: 'c1', role: 'user', userName: 'Jane', companyName: 'C1' }
const request = { entity_type: 'task', only_fields: ['name'], project: ['p1'] }

function refusal(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    assert.ok(isApiError(err))
    assert.deepEqual([err.code, err.subcode], [400, 10])
    return err.message
  }
  assert.fail('expected a 400/10')
}

test('a sealed request opens for the same caller within its lifetime', () => {
  const id = ids.seal(jane, request, 1_000)
  assert.deepEqual(ids.open(jane, id, 1_000 + 300_000), request)
})

test('other users, other companies, expired and tampered ids are refused with 400/10', () => {
  const id = ids.seal(jane, request, 1_000)
  assert.match(refusal(() => ids.open({ ...jane, user: 'john' }, id, 1_000)), /another user/)
  assert.match(refusal(() => ids.open({ ...jane, company: 'c2' }, id, 1_000)), /another user/)
  assert.match(refusal(() => ids.open(jane, id, 1_000 + 300_001)), /expired/)
  const [payload, mac] = id.split('.')
  refusal(() => ids.open(jane, `${payload}x.${mac}`, 1_000))
  refusal(() => ids.open(jane, payload, 1_000))
  refusal(() => ids.open(jane, 'nope', 1_000))
  const otherServer = createPrepareIds({ signingSecret: new Uint8Array(32).fill(4), ttlSec: 300 })
  refusal(() => otherServer.open(jane, id, 1_000))
})

test('a deflate bomb is refused before it is inflated, and inflating a signed one stops at the bound', () => {
  const bomb = deflateRawSync(Buffer.alloc(64 * 1_048_576, 0x20)).toString('base64url')
  const started = Date.now()
  refusal(() => ids.open(jane, `${bomb}.AAAA`, 0))
  // Even with a valid MAC (which only a holder of the secret can make) the payload is cut off at its bound.
  const key = Buffer.from(hkdfSync('sha256', secret, new Uint8Array(0), 'clarion organization.prepare_download_for_get_all v1', 32))
  const mac = createHmac('sha256', key).update(bomb).digest('base64url')
  refusal(() => ids.open(jane, `${bomb}.${mac}`, 0))
  assert.ok(Date.now() - started < 2_000)
})
