// Users declared in apiserver.conf (`auth.fixed_users`). They sign in with username:password; `admin: true`
// (as in ClearML Enterprise configs) makes them admins. Their store ids are stable: md5("company:username").
import { createHash } from 'node:crypto'
import type { FixedUser } from '../../config/config.js'
import type { Role } from '../../domain/entities/user.js'
import { equalsPlain, verifyPassword } from './secrets.js'

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
    async verify(entry: FixedUserEntry, password: string): Promise<boolean> {
      return options.passHashed ? verifyPassword(password, entry.password) : equalsPlain(password, entry.password)
    },
  }
}

export type FixedUsers = ReturnType<typeof createFixedUsers>
