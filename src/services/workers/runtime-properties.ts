// workers.set_runtime_properties / get_runtime_properties: ClearML Enterprise calls the OSS server lacks. The
// agent keeps `max_num_instances` (services mode), `available_gpus` (dynamic GPUs) and the `force` on/off
// switch there, and reads them back every polling cycle.
import { toApiDate } from '../../domain/dates.js'
import type { Identity } from '../../domain/entities/user.js'
import type { ServiceDeps } from '../deps.js'
import type { SetRuntimePropertiesRequest } from './schemas.js'

export function createRuntimePropertiesService({ store, clock }: ServiceDeps) {
  return {
    // Not tied to a registration: the agent may set them before its first status report, and they outlive
    // a re-register.
    set: (identity: Identity, req: SetRuntimePropertiesRequest) =>
      store.transaction(async (tx) => {
        const now = clock().getTime()
        await tx.workerProperties.set(identity.company, req.worker, req.runtime_properties.map((p) => ({
          key: p.key, value: p.value, expiresAt: p.expiry ? new Date(now + p.expiry * 1000) : null,
        })))
        return {}
      }),

    get: (identity: Identity, worker: string) =>
      store.read(async (tx) => {
        const properties = await tx.workerProperties.get(identity.company, worker, clock())
        return {
          runtime_properties: properties.map((p) =>
            (p.expiresAt ? { key: p.key, value: p.value, expiry: toApiDate(p.expiresAt) } : { key: p.key, value: p.value })),
        }
      }),
  }
}

export type RuntimePropertiesService = ReturnType<typeof createRuntimePropertiesService>
