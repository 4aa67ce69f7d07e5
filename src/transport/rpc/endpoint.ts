// What a service module declares for each ClearML endpoint; the registry and the pipeline do the rest.
import type { Readable } from 'node:stream'
import type { z } from 'zod'
import type { Identity, Role } from '../../domain/entities/user.js'
import type { BatchBody } from './request.js'

/** `required`: any valid credentials; `optional`: used when present; `none`: never checked. */
export type AuthMode = 'required' | 'optional' | 'none'

export type { BatchItem } from '../../json-lines.js'
export type { BatchBody } from './request.js'

export interface Call {
  readonly endpoint: string
  readonly requestedVersion: string
  readonly identity: Identity
  readonly authenticated: boolean
  /** The body of a json-lines request (events.add_batch, tasks.update_batch); undefined otherwise. */
  readonly batch: BatchBody | undefined
  readonly worker: string | undefined
  readonly clientIp: string
  /** The session of the bearer token in use, so logout can revoke it. */
  readonly session: { id: string; expiresAt: Date } | undefined
}

/** A reply that skips the envelope (log downloads, CSV exports). */
export class RawReply {
  constructor(
    readonly contentType: string,
    readonly body: string | Buffer | Readable,
    readonly filename?: string,
  ) {}
}

export interface Endpoint<S extends z.ZodTypeAny = z.ZodTypeAny> {
  readonly name: string
  /** The handler's min_version: it serves requests at this version and above, and is echoed as actual_version. */
  readonly minVersion: string
  readonly auth: AuthMode
  readonly roles: readonly Role[] | '*'
  readonly schema: S
  /** auth.login sets the session cookie from `data.token`; logout clears it. */
  readonly sessionCookie?: 'set' | 'clear'
  /** A file download that a browser session may also open with a same-origin GET link (other calls need POST). */
  readonly downloadable?: boolean
  handle(request: z.infer<S>, call: Call): Promise<unknown>
}

export interface EndpointOptions {
  minVersion?: string
  auth?: AuthMode
  roles?: readonly Role[] | '*'
  sessionCookie?: 'set' | 'clear'
  downloadable?: boolean
}

export function endpoint<S extends z.ZodTypeAny>(
  name: string,
  schema: S,
  handle: (request: z.infer<S>, call: Call) => Promise<unknown>,
  options: EndpointOptions = {},
): Endpoint<S> {
  return {
    name,
    schema,
    handle,
    minVersion: options.minVersion ?? '1.0',
    auth: options.auth ?? 'required',
    roles: options.roles ?? '*',
    sessionCookie: options.sessionCookie,
    downloadable: options.downloadable,
  }
}
