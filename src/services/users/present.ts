import { toApiDate } from '../../domain/dates.js'
import type { Company, User } from '../../domain/entities/user.js'

export const presentUser = (u: User) => ({
  id: u.id,
  name: u.name,
  given_name: u.givenName,
  family_name: u.familyName,
  avatar: u.avatar,
  company: u.company,
  email: u.email,
  role: u.role,
  created: toApiDate(u.created),
})

export const presentCurrentUser = (u: User, company: Company | undefined) => ({
  ...presentUser(u),
  company: { id: u.company, name: company?.name ?? '' },
})
