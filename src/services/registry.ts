// Every ClearML service beyond auth/users/server registers here: one line per service folder.
import type { Endpoint } from '../transport/rpc/endpoint.js'
import type { ServiceDeps } from './deps.js'

export async function serviceEndpoints(deps: ServiceDeps): Promise<Endpoint[]> {
  void deps
  return []
}
