import { z } from 'zod'
import { endpoint, type Endpoint } from '../../transport/rpc/endpoint.js'

export interface ServerInfo { version: string; apiVersion: string; uid: string }

export const serverEndpoints = (info: ServerInfo): Endpoint[] => [
  // Echoes the request data after the greeting, as ClearML does; health checks only look at the status.
  endpoint('debug.ping', z.record(z.unknown()), async (req) => ({ msg: 'ClearML server', ...req }), { auth: 'none' }),
  endpoint('server.info', z.object({}), async () => ({
    version: info.version, build: '', commit: '', uid: info.uid, api_version: info.apiVersion, server: 'clarion',
  }), { auth: 'none' }),
  endpoint('server.report_stats_option', z.object({ enabled: z.boolean().optional() }), async () => ({
    supported: false, enabled: false, enabled_time: null, enabled_version: null, enabled_user: null, current_version: info.version,
  }), { minVersion: '2.4' }),
]
