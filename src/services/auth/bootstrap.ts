// First-start and every-start state: the default company, fixed users from apiserver.conf, and — when no user
// exists at all — one admin with a random password, so a new server is never open.
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { User } from '../../domain/entities/user.js'
import { splitName } from '../../domain/entities/user.js'
import type { ServiceDeps } from '../deps.js'
import type { ServiceCredentialConfig } from '../../config/config.js'
import type { Repos } from '../../store/store.js'
import type { FixedUserEntry, FixedUsers } from './fixed-users.js'
import { hashPassword } from './passwords.js'
import { hashSecret, newPassword } from './secrets.js'

export interface BootstrapResult {
  /** Set only on the start that created the first admin. */
  createdAdmin?: { email: string; password: string; passwordFile: string }
}

export const FIRST_ADMIN_EMAIL = 'admin'

export async function bootstrapIdentities(
  { store, clock, ids, config }: ServiceDeps,
  fixedUsers: FixedUsers,
): Promise<BootstrapResult> {
  const companyId = config.defaultCompany
  const needsAdmin = await store.transaction(async (tx) => {
    if (!(await tx.companies.get(companyId))) await tx.companies.upsert({ id: companyId, name: 'clearml' })
    const configured = new Set([
      ...(await syncFixedUsers(tx, fixedUsers.list(), clock())),
      ...(await syncServiceAccounts(tx, companyId, config.auth.serviceCredentials, clock())),
    ])
    // Accounts removed from the config lose their access (their data stays).
    for (const u of await tx.users.findAccounts(companyId)) {
      if (u.autocreated && !configured.has(u.id)) {
        await tx.credentials.deleteForUser(u.id)
        await tx.users.delete(u.id)
      }
    }
    return (await tx.users.count()) === 0
  })
  if (!needsAdmin) return {}
  return { createdAdmin: await createFirstAdmin({ store, clock, ids, config }) }
}

async function syncFixedUsers(tx: Repos, fixed: readonly FixedUserEntry[], now: Date): Promise<string[]> {
  for (const f of fixed) {
    if (!(await tx.companies.get(f.company))) await tx.companies.upsert({ id: f.company, name: f.company })
    const existing = await tx.users.get(f.id)
    const names = splitName(f.name)
    await tx.users.upsert({
      id: f.id, company: f.company, name: f.name, givenName: names.givenName, familyName: names.familyName,
      email: existing?.email ?? `${f.id}@fixed.local`, role: f.role, avatar: existing?.avatar ?? null,
      created: existing?.created ?? now, preferences: existing?.preferences ?? {}, passwordHash: null, autocreated: true,
      serviceAccount: false,
    })
  }
  return fixed.map((f) => f.id)
}

/** `secure.credentials.<name>` entries: service identities (ids `__<name>__`, as in ClearML) with their key. */
async function syncServiceAccounts(tx: Repos, company: string, services: readonly ServiceCredentialConfig[], now: Date): Promise<string[]> {
  const ids: string[] = []
  for (const service of services) {
    const id = `__${service.name}__`
    const existing = await tx.users.get(id)
    await tx.users.upsert({
      id, company, name: service.displayName, givenName: service.displayName, familyName: '', email: `${service.name}@service.local`,
      role: service.role, avatar: null, created: existing?.created ?? now, preferences: existing?.preferences ?? {},
      passwordHash: null, autocreated: true, serviceAccount: true,
    })
    // The configured key replaces whatever key this service had before.
    await tx.credentials.deleteForUser(id)
    const other = await tx.credentials.get(service.accessKey)
    if (other) throw new Error(`secure.credentials.${service.name}: access key already belongs to another user`)
    await tx.credentials.insert({
      accessKey: service.accessKey, secretHash: hashSecret(service.secret), userId: id, company, label: 'secure.credentials',
      created: now, lastUsed: null, lastUsedFrom: null,
    })
    ids.push(id)
  }
  return ids
}

async function createFirstAdmin({ store, clock, ids, config }: Pick<ServiceDeps, 'store' | 'clock' | 'ids' | 'config'>) {
  const password = newPassword()
  const user: User = {
    id: ids(), company: config.defaultCompany, name: 'Admin', givenName: 'Admin', familyName: '', email: FIRST_ADMIN_EMAIL,
    role: 'admin', avatar: null, created: clock(), preferences: {}, passwordHash: await hashPassword(password), autocreated: false,
    serviceAccount: false,
  }
  const dir = join(config.dataDir, 'secrets')
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const passwordFile = join(dir, 'admin-password')
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 })
  await chmod(passwordFile, 0o600)
  await store.transaction((tx) => tx.users.upsert(user))
  return { email: FIRST_ADMIN_EMAIL, password, passwordFile }
}
