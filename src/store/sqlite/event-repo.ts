// The SQLite event store: one series catalog shared by the scalar, log and sample repositories.
import type { Database } from 'better-sqlite3'
import type { EventRepo } from '../event-store.js'
import { createLogEventRepo } from './event-repo-logs.js'
import { createSampleEventRepo } from './event-repo-samples.js'
import { createScalarEventRepo } from './event-repo-scalars.js'
import { createSeriesCatalog, jsonIds } from './event-series.js'
import { createWriteEpoch, type WriteEpoch } from './write-epoch.js'

export interface EventRepoSettings {
  /** services.events.plot_compression_threshold */
  plotCompressionThreshold?: number
}

/** `epoch` is the transaction queue's (write-epoch.ts); on its own, only the repos' rollbacks and deletes move it. */
export function createSqliteEventRepo(db: Database, epoch: WriteEpoch = createWriteEpoch(db), settings: EventRepoSettings = {}): EventRepo {
  const catalog = createSeriesCatalog(db, epoch)
  const ofTasks = 'SELECT id FROM event_series WHERE task IN (SELECT value FROM json_each(?))'
  const deleteScalars = db.prepare<[string], { n: number }>(`DELETE FROM scalar_chunks WHERE series IN (${ofTasks}) RETURNING n`)
  const deleteSamples = db.prepare<[string]>(`DELETE FROM event_samples WHERE series IN (${ofTasks})`)
  const deleteLogs = db.prepare<[string]>('DELETE FROM event_logs WHERE task IN (SELECT value FROM json_each(?))')
  const deleteSeries = db.prepare<[string]>('DELETE FROM event_series WHERE task IN (SELECT value FROM json_each(?))')
  return {
    series: { list: catalog.list },
    scalars: createScalarEventRepo(db, catalog, epoch),
    logs: createLogEventRepo(db, catalog, epoch),
    samples: createSampleEventRepo(db, catalog, settings.plotCompressionThreshold),
    async deleteForTasks(tasks) {
      if (tasks.length === 0) return 0
      // Cached series ids and chunks of these tasks go with them.
      epoch.invalidate()
      const ids = jsonIds(tasks)
      const scalars = deleteScalars.all(ids).reduce((sum, r) => sum + r.n, 0)
      const deleted = scalars + deleteSamples.run(ids).changes + deleteLogs.run(ids).changes
      deleteSeries.run(ids)
      return deleted
    },
  }
}
