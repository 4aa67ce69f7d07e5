import type { Identity } from '../../domain/entities/user.js'

export interface Credentials {
  /** The Authorization header, or a bearer token taken from the session cookie. */
  readonly authorization: string | undefined
  /** The client's address as the transport resolved it (the peer, or X-Forwarded-For from a trusted proxy): failed sign-ins count against it. */
  readonly clientIp: string
}

export interface Authenticated {
  readonly identity: Identity
  readonly session?: { id: string; expiresAt: Date }
}

/** Implemented by the auth service; the transport only asks it who is calling. */
export interface Authenticator {
  /**
   * Throws 401 ApiErrors for missing, malformed or wrong credentials and bad, expired or revoked tokens (or a token
   * whose user was deleted), and 429 when password sign-ins from this name or `clientIp` are locked out.
   */
  authenticate(credentials: Credentials): Promise<Authenticated>
  /** The identity of `userId` when `caller` may act as them; 400/6 for an unknown user. */
  impersonate(caller: Identity, userId: string): Promise<Identity>
}
