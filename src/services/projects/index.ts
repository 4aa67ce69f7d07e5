// The projects service as the registry builds it.
import type { Endpoint } from '../../transport/rpc/endpoint.js'
import type { ServiceDeps } from '../deps.js'
import { projectEndpoints } from './endpoints.js'
import { createProjectsService } from './service.js'

export const createProjectEndpoints = (deps: ServiceDeps): Endpoint[] => projectEndpoints(createProjectsService(deps))
