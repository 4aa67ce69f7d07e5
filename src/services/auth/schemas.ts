import { z } from 'zod'
import { COMPANY_ROLES } from '../../domain/entities/user.js'

export const LoginRequest = z.object({ expiration_sec: z.number().int().positive().optional() })
export const Empty = z.object({})
export const CreateCredentialsRequest = z.object({ label: z.string().nullish() })
export const EditCredentialsRequest = z.object({ access_key: z.string().min(1), label: z.string().nullish() })
export const RevokeCredentialsRequest = z.object({ access_key: z.string().min(1) })
export const CompanyRole = z.enum(COMPANY_ROLES as [string, ...string[]])
export const CreateUserRequest = z.object({
  name: z.string().min(1),
  company: z.string().optional(),
  email: z.string().min(1),
  role: CompanyRole.default('user'),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  avatar: z.string().nullish(),
  /** A Clarion extension: lets the user sign in with email:password. */
  password: z.string().min(8).optional(),
})
export const EditUserRequest = z.object({ user: z.string().min(1), role: CompanyRole.optional() })
export const ValidateTokenRequest = z.object({ token: z.string().min(1) })
export const TokenForUserRequest = z.object({
  user: z.string().min(1),
  company: z.string().optional(),
  expiration_sec: z.number().int().positive().optional(),
})
