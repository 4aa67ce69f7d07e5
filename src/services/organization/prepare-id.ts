// The prepare id of a CSV export carries the prepared request itself (compressed), so any API process can serve
// the download and nothing is stored. It is sealed with an HMAC under a key derived from the server's signing
// secret and bound to the caller and an expiry: a client cannot forge one (a deflate bomb, a query run as someone
// else), replay another user's, or keep one past its lifetime. The MAC is checked before anything is inflated,
// and inflating stops at a bound all the same.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { Identity } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'

/** Longer ids were not made by this server (a prepared request is a table query and its column mappings). */
export const MAX_PREPARE_ID_CHARS = 262_144
const MAX_PAYLOAD_BYTES = 4 * 1_048_576
const KEY_INFO = 'clarion organization.prepare_download_for_get_all v1'

interface Sealed { company: string; user: string; expiresMs: number; request: Record<string, unknown> }

export interface PrepareIds {
  seal(identity: Identity, request: Record<string, unknown>, nowMs: number): string
  /** The prepared request; 400/10 when the id is not ours, not the caller's, or expired. */
  open(identity: Identity, prepareId: string, nowMs: number): Record<string, unknown>
}

export function createPrepareIds(o: { signingSecret: Uint8Array; ttlSec: number }): PrepareIds {
  // A key of its own, so a prepare id can never pass for a token or the reverse.
  const key = Buffer.from(hkdfSync('sha256', o.signingSecret, new Uint8Array(0), KEY_INFO, 32))
  const mac = (payload: string): Buffer => createHmac('sha256', key).update(payload).digest()
  const notFound = (detail: string) => errors.invalidId(detail)

  function verified(prepareId: string): string {
    const dot = prepareId.indexOf('.')
    if (prepareId.length > MAX_PREPARE_ID_CHARS || dot < 0) throw notFound('prepare ID not found')
    const payload = prepareId.slice(0, dot)
    const given = Buffer.from(prepareId.slice(dot + 1), 'base64url')
    const expected = mac(payload)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw notFound('prepare ID not found or not issued by this server')
    }
    return payload
  }

  return {
    seal(identity, request, nowMs) {
      const sealed: Sealed = { company: identity.company, user: identity.user, expiresMs: nowMs + o.ttlSec * 1000, request }
      const payload = deflateRawSync(JSON.stringify(sealed)).toString('base64url')
      return `${payload}.${mac(payload).toString('base64url')}`
    },

    open(identity, prepareId, nowMs) {
      const payload = verified(prepareId)
      let sealed: Sealed
      try {
        sealed = JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url'), { maxOutputLength: MAX_PAYLOAD_BYTES }).toString('utf8'))
      } catch {
        throw notFound('prepare ID not found')
      }
      if (sealed.company !== identity.company || sealed.user !== identity.user) throw notFound('prepare ID was issued to another user')
      if (!(nowMs <= sealed.expiresMs)) throw notFound('prepare ID has expired')
      return sealed.request
    },
  }
}
