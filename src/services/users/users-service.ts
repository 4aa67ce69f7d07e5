import type { Identity } from '../../domain/entities/user.js'
import { isAdminRole } from '../../domain/entities/user.js'
import { ALL, and, eq, isIn } from '../../domain/query/filter.js'
import { compilePattern } from '../../domain/query/pattern.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { projectAndDescendantIds } from '../projects/project-lookup.js'
import { presentCurrentUser, presentUser } from './present.js'

const INVALID_PREFERENCE_KEY = /^\$|\./

function checkPreferenceKeys(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return
  for (const [key, inner] of Object.entries(value)) {
    if (INVALID_PREFERENCE_KEY.test(key)) throw errors.fieldsValue(`key ${key} may not start with '$' or contain '.'`)
    checkPreferenceKeys(inner)
  }
}

/** Who created the projects (with their sub-projects) or any task or model in them; all projects when empty. */
async function userIdsActiveIn(tx: Repos, company: string, projects: readonly string[]): Promise<Set<string>> {
  const ids = projects.length > 0 ? await projectAndDescendantIds(tx, company, [...projects]) : []
  const inProjects = ids.length > 0 ? isIn('project', ids) : ALL
  const owned = and(eq('company', company), inProjects)
  const projectScope = and(eq('company', company), ids.length > 0 ? isIn('id', ids) : ALL)
  const owners = new Set<string>()
  const docs = [...(await tx.projects.find({ filter: projectScope })), ...(await tx.tasks.find({ filter: owned })),
    ...(await tx.models.find({ filter: owned }))]
  for (const doc of docs) if (typeof doc.user === 'string') owners.add(doc.user)
  return owners
}

export function createUsersService({ store }: Pick<ServiceDeps, 'store'>) {
  const loadOwn = async (tx: Repos, caller: Identity, userId: string) => {
    const user = await tx.users.get(userId)
    if (!user || user.company !== caller.company) throw errors.invalidUserId(userId)
    return user
  }
  return {
    currentUser: (caller: Identity) => store.read(async (tx) => {
      const user = await tx.users.get(caller.user)
      if (!user) throw errors.invalidUser('failed loading user')
      return { ...presentCurrentUser(user, await tx.companies.get(user.company)), role: caller.role }
    }),

    getAll: (caller: Identity, query: { id?: string[]; name?: string; activeInProjects?: string[] }) => store.read(async (tx) => {
      let users = await tx.users.find(caller.company, query.id)
      if (query.name !== undefined) {
        const pattern = compilePattern(query.name, { field: 'name' })
        users = users.filter((u) => pattern.test(u.name))
      }
      if (query.activeInProjects) {
        const active = await userIdsActiveIn(tx, caller.company, query.activeInProjects)
        users = users.filter((u) => active.has(u.id))
      }
      return users.map(presentUser)
    }),

    getById: (caller: Identity, userId: string) => store.read(async (tx) => presentUser(await loadOwn(tx, caller, userId))),

    update: (caller: Identity, userId: string, changes: { name?: string; givenName?: string; familyName?: string; avatar?: string | null }) =>
      store.transaction(async (tx) => {
        if (userId !== caller.user && !isAdminRole(caller.role)) throw errors.roleNotAllowed('users may update only themselves')
        const user = await loadOwn(tx, caller, userId)
        const fields: Record<string, unknown> = {}
        if (changes.name !== undefined) fields.name = changes.name
        if (changes.givenName !== undefined) fields.given_name = changes.givenName
        if (changes.familyName !== undefined) fields.family_name = changes.familyName
        if (changes.avatar !== undefined) fields.avatar = changes.avatar
        await tx.users.upsert({
          ...user, name: changes.name ?? user.name, givenName: changes.givenName ?? user.givenName,
          familyName: changes.familyName ?? user.familyName, avatar: changes.avatar === undefined ? user.avatar : changes.avatar,
        })
        return { updated: Object.keys(fields).length > 0 ? 1 : 0, fields }
      }),

    getPreferences: (caller: Identity) => store.read(async (tx) => (await tx.users.get(caller.user))?.preferences ?? {}),

    /** Top-level keys are replaced, others kept: the web app stores one section per key. */
    setPreferences: (caller: Identity, changes: Record<string, unknown>) => store.transaction(async (tx) => {
      checkPreferenceKeys(changes)
      const user = await tx.users.get(caller.user)
      if (!user) throw errors.invalidUser('failed loading user')
      const next = { ...user.preferences, ...changes }
      if (JSON.stringify(next) === JSON.stringify(user.preferences)) return { updated: 0, fields: {} }
      await tx.users.upsert({ ...user, preferences: next })
      return { updated: 1, fields: { preferences: next } }
    }),

    delete: (caller: Identity, userId: string) => store.transaction(async (tx) => {
      await loadOwn(tx, caller, userId)
      await tx.credentials.deleteForUser(userId)
      return { deleted: (await tx.users.delete(userId)) ? 1 : 0 }
    }),
  }
}

export type UsersService = ReturnType<typeof createUsersService>
