export const ROLES = ['system', 'root', 'admin', 'superuser', 'user', 'annotator', 'guest'] as const
export type Role = (typeof ROLES)[number]
export const COMPANY_ROLES: readonly Role[] = ['admin', 'superuser', 'user', 'annotator', 'guest']

export const isAdminRole = (role: Role): boolean => role === 'system' || role === 'root' || role === 'admin'

export interface User {
  id: string
  company: string
  name: string
  givenName: string
  familyName: string
  email: string
  role: Role
  avatar: string | null
  created: Date
  preferences: Record<string, unknown>
  /** Set for users who sign in with a password (bcrypt); fixed users keep theirs in apiserver.conf. */
  passwordHash: string | null
  /** Created from apiserver.conf fixed users; removed when no longer configured. */
  autocreated: boolean
  /**
   * An identity for a service (secure.credentials in ClearML's config: agents, automation): it authenticates and
   * owns objects, but is not a person, so user listings leave it out.
   */
  serviceAccount: boolean
}

export interface Company {
  id: string
  name: string
}

export interface Credential {
  accessKey: string
  /** A hash of the secret: secrets are shown once, when minted, and never stored. */
  secretHash: string
  userId: string
  company: string
  label: string | null
  created: Date
  lastUsed: Date | null
  lastUsedFrom: string | null
}

/** Who is calling: what the JWT carries and every service acts for. */
export interface Identity {
  user: string
  company: string
  role: Role
  userName: string
  companyName: string
}

/** Splits "Jane van Doe" into given "Jane" and family "van Doe". */
export function splitName(name: string): { givenName: string; familyName: string } {
  const [given, ...rest] = name.trim().split(/\s+/)
  return { givenName: given ?? '', familyName: rest.join(' ') }
}
