// What services see of persistence: repositories and transactions. No SQL, no driver types.
import type { Doc } from '../domain/entities/document.js'
import type { ModelDoc } from '../domain/entities/model.js'
import type { ProjectDoc } from '../domain/entities/project.js'
import type { QueueDoc } from '../domain/entities/queue.js'
import type { QueueSample } from '../domain/queues/metrics.js'
import type { TaskDoc } from '../domain/entities/task.js'
import type { WorkerEntry } from '../domain/workers/worker.js'
import type { ActivityBucket, MachineStatValues, StatBucket } from '../domain/workers/stats.js'
import type { Company, Credential, Identity, User } from '../domain/entities/user.js'
import type { Filter, FindQuery } from '../domain/query/filter.js'
import type { EventRepo } from './event-store.js'

/** The hot fields of a document (those updateHot writes) with a few others, as DocRepo.getHot reads them. */
export type HotView<T extends Doc, K extends keyof T> = Pick<T, 'id' | K> & Partial<T>

export interface DocRepo<T extends Doc> {
  get(id: string): Promise<T | undefined>
  getMany(ids: readonly string[]): Promise<T[]>
  find(query: FindQuery): Promise<T[]>
  count(filter: Filter): Promise<number>
  /** Throws 400/801 when a unique field (project or queue name in a company) is taken. */
  insert(doc: T): Promise<void>
  update(doc: T): Promise<void>
  /**
   * An update that changed only the fields written on every events batch (last_metrics, last_update, …): a
   * backend may then write just those. Anything else changed in `doc` may be lost.
   */
  updateHot(doc: HotView<T, never>): Promise<void>
  /**
   * For an update of the hot fields: each found document's hot fields and `fields` (top-level, not hot) of the rest,
   * without reading it whole (an events batch reads its task this way). A backend that keeps no fields apart
   * returns whole documents.
   */
  getHot<K extends keyof T & string>(ids: readonly string[], fields: readonly K[]): Promise<HotView<T, K>[]>
  delete(ids: readonly string[]): Promise<number>
}

export interface UserRepo {
  get(id: string): Promise<User | undefined>
  /** The people of a company (service accounts left out), optionally only these ids. */
  find(company: string, ids?: readonly string[]): Promise<User[]>
  /** Every account of a company, service accounts included. */
  findAccounts(company: string): Promise<User[]>
  findByEmail(email: string): Promise<User | undefined>
  upsert(user: User): Promise<void>
  delete(id: string): Promise<boolean>
  /** How many people (not service accounts) exist, in all companies. */
  count(): Promise<number>
}

export interface CredentialRepo {
  get(accessKey: string): Promise<Credential | undefined>
  forUser(userId: string): Promise<Credential[]>
  insert(credential: Credential): Promise<void>
  update(credential: Credential): Promise<void>
  delete(accessKey: string): Promise<boolean>
  deleteForUser(userId: string): Promise<number>
}

export interface CompanyRepo {
  get(id: string): Promise<Company | undefined>
  all(): Promise<Company[]>
  upsert(company: Company): Promise<void>
}

export interface SettingRepo {
  get(key: string): Promise<string | undefined>
  set(key: string, value: string): Promise<void>
}

export interface RevokedTokenRepo {
  revoke(sessionId: string, expiresAt: Date): Promise<void>
  isRevoked(sessionId: string): Promise<boolean>
  purgeExpired(now: Date): Promise<number>
}

/** Samples of queue state, one per change of a queue's entries (queues.get_queue_metrics reads them). */
export interface QueueMetricRepo {
  add(sample: QueueSample): Promise<void>
  /** Samples of the company in [from, to], oldest first; all queues when `queues` is empty. */
  find(company: string, queues: readonly string[], from: Date, to: Date): Promise<QueueSample[]>
}

/** Live worker registrations, keyed by company, user and worker id. Expired rows read as absent. */
export interface WorkerRepo {
  get(company: string, user: string, id: string, now: Date): Promise<WorkerEntry | undefined>
  /** Every live worker of the company, of any user. */
  list(company: string, now: Date): Promise<WorkerEntry[]>
  put(entry: WorkerEntry, expiresAt: Date): Promise<void>
  /** False when there was no live registration. */
  delete(company: string, user: string, id: string, now: Date): Promise<boolean>
  purgeExpired(now: Date): Promise<number>
}

/** One status report's machine stats; `task` is the task the worker reported running, if any. */
export interface WorkerStatsSample {
  company: string
  worker: string
  timestamp: Date
  task: string | null
  values: MachineStatValues
}

export interface WorkerStatsQuery {
  company: string
  /** All workers when empty. */
  workers: readonly string[]
  metrics: readonly string[]
  splitByVariant: boolean
  /** Bucket k covers [start + k·interval, start + (k+1)·interval); samples at or after `end` are left out. */
  start: Date
  intervalMs: number
  end: Date
}

export interface WorkerStatsRepo {
  add(sample: WorkerStatsSample): Promise<void>
  /** Metric names ever reported by these workers (all of the company's when empty), sorted. */
  metricKeys(company: string, workers: readonly string[]): Promise<string[]>
  aggregate(query: WorkerStatsQuery): Promise<StatBucket[]>
  activity(query: Omit<WorkerStatsQuery, 'workers' | 'metrics' | 'splitByVariant'>): Promise<ActivityBucket[]>
  /** Retention: drops samples (and metric keys last reported) before `before`. */
  purgeBefore(before: Date): Promise<number>
}

export interface WorkerProperty { key: string; value: string; expiresAt: Date | null }

/** workers.set/get_runtime_properties: per company and worker id; they outlive re-registration. */
export interface WorkerPropertyRepo {
  get(company: string, worker: string, now: Date): Promise<WorkerProperty[]>
  /** Upserts by key; other keys stay. */
  set(company: string, worker: string, properties: readonly WorkerProperty[]): Promise<void>
  purgeExpired(now: Date): Promise<number>
}

/** A named lease held by one process at a time, so a background job runs once per deployment. */
export interface LeaseRepo {
  /** Takes the lease when free or expired, or renews it when `holder` has it; false when another holder does. */
  acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>
  release(name: string, holder: string): Promise<void>
}

export interface Repos {
  users: UserRepo
  credentials: CredentialRepo
  companies: CompanyRepo
  settings: SettingRepo
  revokedTokens: RevokedTokenRepo
  tasks: DocRepo<TaskDoc>
  projects: DocRepo<ProjectDoc>
  models: DocRepo<ModelDoc>
  queues: DocRepo<QueueDoc>
  queueMetrics: QueueMetricRepo
  workers: WorkerRepo
  workerStats: WorkerStatsRepo
  workerProperties: WorkerPropertyRepo
  leases: LeaseRepo
  events: EventRepo
}

export interface Store {
  /** Runs `fn` as one transaction: all its writes land, or none do. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>
  /** A consistent read; writes inside it are an error. */
  read<T>(fn: (tx: Repos) => Promise<T>): Promise<T>
  /**
   * Whether a token's session was revoked (auth.logout): checked on every authenticated call, so it does not wait
   * in line behind queued transactions. It sees every revocation committed before it was called.
   */
  isSessionRevoked(sessionId: string): Promise<boolean>
  /**
   * Who the user is now (role, company, names), or undefined once deleted: checked on every Bearer call, so a token
   * never outlives its user's demotion or deletion. Answered from memory until a user or company changes, in this
   * process or a sibling one on the same store, outside the transaction queue like isSessionRevoked.
   */
  currentIdentity(userId: string): Promise<Identity | undefined>
  close(): Promise<void>
}
