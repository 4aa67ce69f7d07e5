// Session tokens: HS256 JWTs. The SDK decodes them without verification and reads api_version,
// server_version and feature_set, so those claims are part of the protocol.
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose'
import { randomBytes } from 'node:crypto'
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

export function createTokenIssuer({ secret, serverVersion, apiVersion }: TokenIssuerOptions) {
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
      return {
        identity: {
          user: id.user, company: id.company, role: String(id.role ?? 'user') as Role,
          userName: String(id.user_name ?? ''), companyName: String(id.company_name ?? ''),
        },
        sessionId: payload.session_id,
        expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined,
      }
    },
  }
}

export type TokenIssuer = ReturnType<typeof createTokenIssuer>
