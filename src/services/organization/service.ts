// The organization service: company-wide tags, the company's users, and entity counters.
import type { Identity } from '../../domain/entities/user.js'
import type { ServiceDeps } from '../deps.js'
import { entityTags, type TagsFilterInput } from '../projects/tags.js'
import { entitiesCount } from './entities-count.js'
import type { EntitiesCountRequest } from './schemas.js'

export interface CompanyOwner { id: string; name: string; avatar: string | null }

export function createOrganizationService({ store }: Pick<ServiceDeps, 'store'>) {
  return {
    tags: (identity: Identity, o: { includeSystem: boolean; filter?: TagsFilterInput | null }) =>
      store.read((tx) => entityTags(tx, 'both', { company: identity.company, includeSystem: o.includeSystem, filter: o.filter })),

    async userCompanies(identity: Identity) {
      const users = await store.read((tx) => tx.users.find(identity.company))
      const owners: CompanyOwner[] = users
        .map((u) => ({ id: u.id, name: u.name, avatar: u.avatar }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      return [{ id: identity.company, name: identity.companyName, allocated: owners.length, owners }]
    },

    entitiesCount: (identity: Identity, req: EntitiesCountRequest) => store.read((tx) => entitiesCount(tx, identity, req)),
  }
}

export type OrganizationService = ReturnType<typeof createOrganizationService>
