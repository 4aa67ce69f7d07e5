import type { Role } from '../../domain/entities/user.js'
import { endpoint, type Endpoint } from '../../transport/rpc/endpoint.js'
import type { AuthService } from './auth-service.js'
import type { FixedUsers } from './fixed-users.js'
import * as s from './schemas.js'

const ADMINS: Role[] = ['system', 'root', 'admin']
const SYSTEM: Role[] = ['system', 'root']

export const authEndpoints = (auth: AuthService, fixedUsers: FixedUsers): Endpoint[] => [
  endpoint('auth.login', s.LoginRequest, async (req, call) =>
    ({ token: await auth.login(call.identity, req.expiration_sec) }), { sessionCookie: 'set' }),
  endpoint('auth.logout', s.Empty, async (_req, call) => { await auth.logout(call.session); return {} },
    { minVersion: '2.2', sessionCookie: 'clear' }),
  endpoint('login.logout', s.Empty, async (_req, call) => { await auth.logout(call.session); return {} },
    { minVersion: '2.13', auth: 'optional', sessionCookie: 'clear' }),
  endpoint('login.supported_modes', s.Empty, async (_req, call) => ({
    basic: { enabled: true, guest: { enabled: false } },
    sso: {}, sso_providers: [],
    server_errors: { missed_es_upgrade: false, es_connection_error: false },
    authenticated: call.authenticated,
  }), { minVersion: '2.9', auth: 'optional' }),
  endpoint('auth.fixed_users_mode', s.Empty, async () => ({
    enabled: fixedUsers.list().length > 0, guest: { enabled: false }, server_errors: {},
  }), { auth: 'none' }),
  endpoint('auth.validate_token', s.ValidateTokenRequest, async (req) => auth.validateToken(req.token), { roles: ADMINS }),
  endpoint('auth.get_token_for_user', s.TokenForUserRequest, async (req, call) =>
    ({ token: await auth.tokenForUser(call.identity, req.user, req.expiration_sec) }), { roles: ADMINS }),
  endpoint('auth.create_credentials', s.CreateCredentialsRequest, async (req, call) =>
    ({ credentials: await auth.createCredentials(call.identity, req.label) })),
  endpoint('auth.get_credentials', s.Empty, async (_req, call) => ({ credentials: await auth.getCredentials(call.identity) })),
  endpoint('auth.edit_credentials', s.EditCredentialsRequest, async (req, call) =>
    ({ updated: await auth.editCredentials(call.identity, req.access_key, req.label) }), { minVersion: '2.19' }),
  endpoint('auth.revoke_credentials', s.RevokeCredentialsRequest, async (req, call) =>
    ({ revoked: await auth.revokeCredentials(call.identity, req.access_key) })),
  endpoint('auth.create_user', s.CreateUserRequest, async (req, call) => ({
    id: await auth.createUser(call.identity, {
      name: req.name, email: req.email, company: req.company, role: req.role as Role, givenName: req.given_name,
      familyName: req.family_name, avatar: req.avatar, password: req.password,
    }),
  }), { roles: ADMINS }),
  endpoint('auth.edit_user', s.EditUserRequest, async (req, call) =>
    auth.editUser(call.identity, req.user, req.role as Role | undefined), { roles: ADMINS }),
]

export { SYSTEM as SYSTEM_ROLES, ADMINS as ADMIN_ROLES }
