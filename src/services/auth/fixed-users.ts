// Users declared in apiserver.conf (`auth.fixed_users`). They sign in with username:password; `admin: true`
// (as in ClearML Enterprise configs) makes them admins. Their store ids are stable: md5("company:username").
import { createHash } from 'node:crypto'
import type { FixedUser } from '../../config/config.js'
import type { Role } from '../../domain/entities/user.js'
import { createPasswordHasher, type PasswordHasher } from './passwords.js'
import { equalsPlain } from './secrets.js'

export interface FixedUserEntry {
  id: string
  username: string
  name: string
  company: string
  role: Role
  password: string
}

export const fixedUserId = (company: string, username: string): string =>
  createHash('md5').update(`${company}:${username}`).digest('hex')

export function createFixedUsers(options: { enabled: boolean; passHashed: boolean; users: readonly FixedUser[]; defaultCompany: string }) {
  const entries = new Map<string, FixedUserEntry>()
  const ownHasher = createPasswordHasher()
  if (options.enabled) {
    for (const u of options.users) {
      if (entries.has(u.username)) throw new Error(`apiserver.auth.fixed_users: duplicate username ${u.username}`)
      const company = u.company ?? options.defaultCompany
      entries.set(u.username, {
        id: u.id ?? fixedUserId(company, u.username), username: u.username, name: u.name ?? u.username, company,
        role: u.admin ? 'admin' : 'user', password: u.password,
      })
    }
  }
  return {
    list: (): FixedUserEntry[] => [...entries.values()],
    find: (username: string): FixedUserEntry | undefined => entries.get(username),
    /**
     * One bcrypt either way: a plain-text password is also checked against the dummy hash, so it is as slow to guess
     * as any, and a fixed user's name answers no faster than an unknown one. The authenticator passes its own hasher.
     */
    async verify(entry: FixedUserEntry, password: string, passwords: PasswordHasher = ownHasher): Promise<boolean> {
      if (options.passHashed) return passwords.verify(password, entry.password)
      await passwords.verify(password, undefined)
      return equalsPlain(password, entry.password)
    },
  }
}

export type FixedUsers = ReturnType<typeof createFixedUsers>
