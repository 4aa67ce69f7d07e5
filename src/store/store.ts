// What services see of persistence: repositories and transactions. No SQL, no driver types.
import type { Doc } from '../domain/entities/document.js'
import type { ModelDoc } from '../domain/entities/model.js'
import type { ProjectDoc } from '../domain/entities/project.js'
import type { QueueDoc } from '../domain/entities/queue.js'
import type { TaskDoc } from '../domain/entities/task.js'
import type { Company, Credential, User } from '../domain/entities/user.js'
import type { Filter, FindQuery } from '../domain/query/filter.js'

export interface DocRepo<T extends Doc> {
  get(id: string): Promise<T | undefined>
  getMany(ids: readonly string[]): Promise<T[]>
  find(query: FindQuery): Promise<T[]>
  count(filter: Filter): Promise<number>
  /** Throws 400/801 when a unique field (project or queue name in a company) is taken. */
  insert(doc: T): Promise<void>
  update(doc: T): Promise<void>
  delete(ids: readonly string[]): Promise<number>
}

export interface UserRepo {
  get(id: string): Promise<User | undefined>
  find(company: string, ids?: readonly string[]): Promise<User[]>
  findByEmail(email: string): Promise<User | undefined>
  upsert(user: User): Promise<void>
  delete(id: string): Promise<boolean>
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

/** One sample of a queue's state, written on every change of its entries (queues.get_queue_metrics reads them). */
export interface QueueMetricSample {
  company: string
  queue: string
  timestamp: Date
  queueLength: number
  avgWaitingSec: number
}

export interface QueueMetricRepo {
  add(sample: QueueMetricSample): Promise<void>
  /** Samples of the company in [from, to], oldest first; all queues when `queues` is empty. */
  find(company: string, queues: readonly string[], from: Date, to: Date): Promise<QueueMetricSample[]>
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
}

export interface Store {
  /** Runs `fn` as one transaction: all its writes land, or none do. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>
  /** A consistent read; writes inside it are an error. */
  read<T>(fn: (tx: Repos) => Promise<T>): Promise<T>
  close(): Promise<void>
}
