import type { Database } from 'better-sqlite3'
import type { Repos, Store } from '../store.js'
import { startCheckpointer } from './checkpointer.js'
import { openDatabase } from './database.js'
import { createSqliteDocRepo } from './doc-repo.js'
import type { FilterOptions } from './filter-sql.js'
import { MODEL_HOT_FIELDS, TASK_HOT_FIELDS } from './migrations.js'
import { createSqliteEventRepo, type EventRepoSettings } from './event-repo.js'
import { createTransactionQueue } from './transaction-queue.js'
import { createWriteEpoch, type WriteEpoch } from './write-epoch.js'
import { createQueueMetricRepo } from './queue-metric-repo.js'
import { createLeaseRepo } from './lease-repo.js'
import { createWorkerPropertyRepo, createWorkerRepo, createWorkerStatsRepo } from './worker-repo.js'
import {
  createCompanyRepo, createCredentialRepo, createRevokedTokenRepo, createSettingRepo, createUserRepo,
} from './identity-repos.js'

const scalar = (...paths: string[]): FilterOptions => ({ scalarPaths: new Set(paths) })
const withHot = (options: FilterOptions, hotFields: readonly string[]): FilterOptions => ({ ...options, hotFields: new Set(hotFields) })

function createRepos(db: Database, epoch: WriteEpoch, options: SqliteStoreOptions): Repos & { revokedTokens: ReturnType<typeof createRevokedTokenRepo> } {
  return {
    users: createUserRepo(db),
    credentials: createCredentialRepo(db),
    companies: createCompanyRepo(db),
    settings: createSettingRepo(db),
    revokedTokens: createRevokedTokenRepo(db),
    tasks: createSqliteDocRepo(db, 'tasks', withHot(scalar('id', 'company', 'project', 'status', 'parent', 'user', 'type', 'name'), TASK_HOT_FIELDS)),
    projects: createSqliteDocRepo(db, 'projects', scalar('id', 'company', 'parent', 'name', 'basename')),
    models: createSqliteDocRepo(db, 'models', withHot(scalar('id', 'company', 'project', 'task', 'user', 'name', 'ready'), MODEL_HOT_FIELDS)),
    queues: createSqliteDocRepo(db, 'queues', scalar('id', 'company', 'name')),
    queueMetrics: createQueueMetricRepo(db),
    workers: createWorkerRepo(db),
    workerStats: createWorkerStatsRepo(db),
    workerProperties: createWorkerPropertyRepo(db),
    leases: createLeaseRepo(db),
    events: createSqliteEventRepo(db, epoch, options),
  }
}

/** Settings of the embedded store (from the configuration: open-store.ts); so far only how it keeps events. */
export type SqliteStoreOptions = EventRepoSettings

/**
 * better-sqlite3 is synchronous with one connection per process, so transactions are serialised here: one
 * async body at a time, every other caller waits its turn, and no statement of another request can land
 * inside an open transaction (DESIGN.md §4). Reads go through the same queue for the same reason; writes that
 * queue up together share a commit (transaction-queue.ts).
 */
export function createSqliteStore(file: string, options: SqliteStoreOptions = {}): Store & { readonly db: Database } {
  const db = openDatabase(file)
  const checkpointer = file === ':memory:' ? undefined : startCheckpointer(db, file)
  const epoch = createWriteEpoch(db)
  const repos = createRepos(db, epoch, options)
  const queue = createTransactionQueue(db, repos, epoch)

  return {
    db,
    transaction: (fn) => queue.write(fn),
    read: (fn) => queue.read(fn),
    isSessionRevoked: async (id) => repos.revokedTokens.sessions.isRevoked(id),
    async close() {
      await queue.drained()
      await checkpointer?.stop()
      db.close()
    },
  }
}
