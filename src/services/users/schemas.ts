import { z } from 'zod'
import { userName } from '../auth/schemas.js'

export const Empty = z.object({})
const IdList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]))
export const GetAllRequest = z.object({
  id: IdList.optional(),
  name: z.string().optional(),
  /** get_all_ex: only users who own tasks or models, in these projects (all projects when empty). */
  active_in_projects: z.array(z.string()).optional(),
})
export const UserIdRequest = z.object({ user: z.string().min(1) })
export const UpdateRequest = z.object({
  user: z.string().min(1),
  name: userName().min(1).optional(),
  given_name: userName().optional(),
  family_name: userName().optional(),
  avatar: z.string().nullish(),
})
export const SetPreferencesRequest = z.object({ preferences: z.record(z.unknown()) })
