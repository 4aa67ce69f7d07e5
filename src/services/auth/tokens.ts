// Session tokens: HS256 JWTs. The SDK decodes them without verification and reads api_version,
// server_version and feature_set, so those claims are part of the protocol.
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose'
import { createSecretKey, randomBytes } from 'node:crypto'
import type { Identity, Role } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'

export interface TokenClaims {
  identity: Identity
  sessionId: string
  expiresAt: Date | undefined
}

export interface TokenIssuerOptions {
  secret: Uint8Array
  serverVersion: string
  apiVersion: string
}

/** Verified tokens kept in memory: a signature checked once stays valid until exp, and every API call carries one. */
const VERIFIED_CACHE_SIZE = 10_000

export function createTokenIssuer({ secret: rawSecret, serverVersion, apiVersion }: TokenIssuerOptions) {
  // A KeyObject is imported once; a raw byte array would be imported again on every sign and verify.
  const secret = createSecretKey(rawSecret)
  const verified = new Map<string, TokenClaims>()
  const remember = (token: string, claims: TokenClaims) => {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string)
    verified.set(token, claims)
  }
  return {
    async issue(identity: Identity, now: Date, expirationSec: number | undefined): Promise<{ token: string; claims: TokenClaims }> {
      const sessionId = randomBytes(16).toString('hex')
      const iat = Math.floor(now.getTime() / 1000)
      const jwt = new SignJWT({
        identity: {
          user: identity.user, company: identity.company, role: identity.role,
          user_name: identity.userName, company_name: identity.companyName,
        },
        auth_type: 'Bearer', session_id: sessionId, env: 'clarion',
        api_version: apiVersion, server_version: serverVersion, server_build: '', feature_set: 'basic',
      }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(iat)
      const exp = expirationSec !== undefined ? iat + expirationSec : undefined
      if (exp !== undefined) jwt.setExpirationTime(exp)
      const token = await jwt.sign(secret)
      return { token, claims: { identity, sessionId, expiresAt: exp !== undefined ? new Date(exp * 1000) : undefined } }
    },

    /** Throws 401/30 for a malformed, forged or expired token. */
    async verify(token: string, now: Date): Promise<TokenClaims> {
      const known = verified.get(token)
      if (known && (!known.expiresAt || known.expiresAt > now)) return known
      if (known) {
        verified.delete(token)
        throw errors.invalidToken('Signature has expired')
      }
      let payload: Record<string, unknown>
      try {
        ({ payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], currentDate: now }))
      } catch (err) {
        const reason = err instanceof joseErrors.JWTExpired ? 'Signature has expired' : 'Invalid token'
        throw errors.invalidToken(reason)
      }
      const id = payload.identity as Record<string, unknown> | undefined
      if (!id || typeof id.user !== 'string' || typeof id.company !== 'string' || typeof payload.session_id !== 'string') {
        throw errors.invalidToken('missing identity')
      }
      const claims: TokenClaims = {
        identity: {
          user: id.user, company: id.company, role: String(id.role ?? 'user') as Role,
          userName: String(id.user_name ?? ''), companyName: String(id.company_name ?? ''),
        },
        sessionId: payload.session_id,
        expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined,
      }
      remember(token, claims)
      return claims
    },
  }
}

export type TokenIssuer = ReturnType<typeof createTokenIssuer>
