import { z } from 'zod'
import { COMPANY_ROLES } from '../../domain/entities/user.js'
import { label } from '../common/bounds.js'

/**
 * User names and emails: a token carries the name, and a 20 KB one made that user's tokens larger than any server
 * takes in a header (431). ClearML sets no limit; 256 is far above any real name or address.
 */
export const MAX_USER_NAME_CHARS = 256
export const userName = (): z.ZodString => label(MAX_USER_NAME_CHARS)

export const LoginRequest = z.object({ expiration_sec: z.number().int().positive().optional() })
export const Empty = z.object({})
export const CreateCredentialsRequest = z.object({ label: z.string().nullish() })
export const EditCredentialsRequest = z.object({ access_key: z.string().min(1), label: z.string().nullish() })
export const RevokeCredentialsRequest = z.object({ access_key: z.string().min(1) })
export const CompanyRole = z.enum(COMPANY_ROLES as [string, ...string[]])
export const CreateUserRequest = z.object({
  name: userName().min(1),
  company: z.string().optional(),
  email: userName().min(1),
  role: CompanyRole.default('user'),
  given_name: userName().optional(),
  family_name: userName().optional(),
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
