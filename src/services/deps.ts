// What every service factory may be given. main.ts picks the real parts; tests pass fixed ones.
import type { Logger } from 'pino'
import type { Config } from '../config/config.js'
import type { Store } from '../store/store.js'

export type Clock = () => Date
export type IdSource = () => string

export interface ServiceDeps {
  readonly store: Store
  readonly clock: Clock
  readonly ids: IdSource
  readonly log: Logger
  readonly config: Config
}
