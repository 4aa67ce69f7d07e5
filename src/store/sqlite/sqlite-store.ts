import type { Database } from 'better-sqlite3'
import type { Repos, Store } from '../store.js'
import { startCheckpointer } from './checkpointer.js'
import { openDatabase } from './database.js'
import { createSqliteDocRepo } from './doc-repo.js'
import { translateDriverError } from './driver-errors.js'
import type { FilterOptions } from './filter-sql.js'
import { MODEL_HOT_FIELDS, TASK_HOT_FIELDS } from './migrations.js'
import { createSqliteEventRepo, type EventRepoSettings } from './event-repo.js'
import { createTransactionQueue } from './transaction-queue.js'
import { createWriteEpoch, type WriteEpoch } from './write-epoch.js'
import { createIdentityCache, type IdentityCache } from './identity-cache.js'
import { createDataVersionProbe, type DataVersionProbe } from './data-version.js'
import { createQueueMetricRepo } from './queue-metric-repo.js'
import { createLeaseRepo } from './lease-repo.js'
import { createWorkerPropertyRepo, createWorkerRepo, createWorkerStatsRepo } from './worker-repo.js'
import {
  createCompanyRepo, createCredentialRepo, createRevokedTokenRepo, createSettingRepo, createUserRepo,
} from './identity-repos.js'

const scalar = (...paths: string[]): FilterOptions => ({ scalarPaths: new Set(paths) })
const withHot = (options: FilterOptions, hotFields: readonly string[]): FilterOptions => ({ ...options, hotFields: new Set(hotFields) })

/** `identities` and `dataVersion` serve the check of every Bearer call (identity-cache.ts). */
function createRepos(
  db: Database, epoch: WriteEpoch, auth: { identities: IdentityCache; dataVersion: DataVersionProbe }, options: SqliteStoreOptions,
): Repos & { revokedTokens: ReturnType<typeof createRevokedTokenRepo> } {
  const { identities, dataVersion } = auth
  return {
    users: createUserRepo(db, identities),
    credentials: createCredentialRepo(db),
    companies: createCompanyRepo(db, identities),
    settings: createSettingRepo(db),
    revokedTokens: createRevokedTokenRepo(db, dataVersion),
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
  const dataVersion = createDataVersionProbe(db)
  const identities = createIdentityCache(db, dataVersion)
  const repos = createRepos(db, epoch, { identities, dataVersion }, options)
  const queue = createTransactionQueue(db, repos, epoch)

  // Every statement runs inside one of these, so this is where driver errors become API errors.
  const translated = <T>(run: () => Promise<T>): Promise<T> => run().catch((err: unknown) => {
    throw translateDriverError(err)
  })

  return {
    db,
    transaction: (fn) => translated(() => queue.write(fn)),
    read: (fn) => translated(() => queue.read(fn)),
    isSessionRevoked: (id) => translated(async () => repos.revokedTokens.sessions.isRevoked(id)),
    currentIdentity: (userId) => translated(async () => identities.current(userId)),
    async close() {
      await queue.drained()
      await checkpointer?.stop()
      db.close()
    },
  }
}
