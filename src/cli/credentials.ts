import type { Logger } from 'pino'
import type { Config } from '../config/config.js'
import { uuidHex } from '../app.js'
import { createAuthService } from '../services/auth/auth-service.js'
import { identityOf } from '../services/auth/authenticator.js'
import { bootstrapIdentities } from '../services/auth/bootstrap.js'
import { createFixedUsers } from '../services/auth/fixed-users.js'
import { createTokenIssuer } from '../services/auth/tokens.js'
import type { Store } from '../store/store.js'

/** Mints credentials offline, straight into the store: for first setup and for CI, before any login. */
export async function mintCredentials(parts: { store: Store; config: Config; log: Logger }, who: string, label: string) {
  const { store, config, log } = parts
  const deps = { store, config, log, clock: () => new Date(), ids: uuidHex }
  const fixedUsers = createFixedUsers({ ...config.auth.fixedUsers, defaultCompany: config.defaultCompany })
  const boot = await bootstrapIdentities(deps, fixedUsers)
  if (boot.createdAdmin) process.stderr.write(`created the first admin; password saved in ${boot.createdAdmin.passwordFile}\n`)
  const fixed = fixedUsers.find(who)
  const identity = await store.read(async (tx) => {
    const user = (await tx.users.get(fixed?.id ?? who)) ?? (await tx.users.findByEmail(who))
      ?? (await tx.users.find(config.defaultCompany)).find((u) => u.name === who)
    if (!user) throw new Error(`no user ${who}`)
    return identityOf(tx, user)
  })
  // Minting needs no token; the issuer is there only to satisfy the service's dependencies.
  const tokens = createTokenIssuer({ secret: new Uint8Array(32), serverVersion: config.serverVersion, apiVersion: '2.31' })
  return createAuthService({ ...deps, tokens }).createCredentials(identity, label)
}
