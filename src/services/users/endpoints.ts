import { endpoint, type Endpoint } from '../../transport/rpc/endpoint.js'
import { ADMIN_ROLES } from '../auth/endpoints.js'
import * as s from './schemas.js'
import type { UsersService } from './users-service.js'

const GETTING_STARTED = { agentName: 'clearml-agent', configure: 'clearml-init', install: 'pip install clearml', packageName: 'clearml' }

export const userEndpoints = (users: UsersService): Endpoint[] => [
  endpoint('users.get_current_user', s.Empty, async (_req, call) => ({
    user: await users.currentUser(call.identity),
    getting_started: GETTING_STARTED,
    settings: { max_download_items: 1000 },
  })),
  endpoint('users.get_all', s.GetAllRequest, async (req, call) =>
    ({ users: await users.getAll(call.identity, { id: req.id, name: req.name }) })),
  endpoint('users.get_all_ex', s.GetAllRequest, async (req, call) =>
    ({ users: await users.getAll(call.identity, { id: req.id, name: req.name, activeInProjects: req.active_in_projects }) })),
  endpoint('users.get_by_id', s.UserIdRequest, async (req, call) => ({ user: await users.getById(call.identity, req.user) })),
  endpoint('users.update', s.UpdateRequest, async (req, call) => users.update(call.identity, req.user, {
    name: req.name, givenName: req.given_name, familyName: req.family_name, avatar: req.avatar,
  })),
  endpoint('users.get_preferences', s.Empty, async (_req, call) => ({ preferences: await users.getPreferences(call.identity) })),
  endpoint('users.set_preferences', s.SetPreferencesRequest, async (req, call) => users.setPreferences(call.identity, req.preferences)),
  endpoint('users.delete', s.UserIdRequest, async (req, call) => users.delete(call.identity, req.user), { roles: ADMIN_ROLES }),
]
