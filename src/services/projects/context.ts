import type { Identity } from '../../domain/entities/user.js'

/** What every projects use case needs to know about the call. */
export interface CallContext {
  identity: Identity
  now: Date
  newId: () => string
  /** The API version the client asked for (tags are shaped differently below 2.3). */
  version: string
}
