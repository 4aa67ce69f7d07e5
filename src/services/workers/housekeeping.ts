// Keeps the worker tables small: expired registrations and runtime properties go at once (reads already skip
// them), machine stats after services.workers.stats_retention_days.
import type { ServiceDeps } from '../deps.js'
import { workerSettings } from './settings.js'

export const HOUSEKEEPING_LEASE = 'workers.housekeeping'

export function createWorkerHousekeeping(deps: ServiceDeps) {
  const { store, clock } = deps
  const settings = workerSettings(deps.config)
  return {
    run: () =>
      store.transaction(async (tx) => {
        const now = clock()
        const retentionStart = new Date(now.getTime() - settings.statsRetentionDays * 86_400_000)
        return {
          workers: await tx.workers.purgeExpired(now),
          properties: await tx.workerProperties.purgeExpired(now),
          stats: await tx.workerStats.purgeBefore(retentionStart),
        }
      }),
  }
}
