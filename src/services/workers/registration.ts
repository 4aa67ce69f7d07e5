// workers.register / unregister / status_report: what agents send. Each call is one transaction; workers live in
// the store so every API process sharing it sees the same list.
import { toApiDate } from '../../domain/dates.js'
import type { Identity } from '../../domain/entities/user.js'
import { flattenMachineStats, type MachineStatsInput } from '../../domain/workers/stats.js'
import { expiryOf, workerKey, type WorkerEntry } from '../../domain/workers/worker.js'
import { errors, type ApiError } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { saveTask } from '../tasks/task-lookup.js'
import type { StatusReportRequest } from './schemas.js'
import { workerSettings } from './settings.js'

export interface RegisterInput {
  worker: string
  timeout?: number | null
  queues?: string[] | null
  tags?: string[] | null
  system_tags?: string[] | null
}

/** Reports are stamped in milliseconds by the agent, in seconds by clients that follow ClearML's schema text. */
const SECONDS_BELOW = 1e11
const reportTime = (timestamp: number): Date => new Date(timestamp < SECONDS_BELOW ? timestamp * 1000 : timestamp)

function newEntry(identity: Identity, worker: string, ip: string, now: Date, o: Omit<RegisterInput, 'worker'> & { timeout: number }): WorkerEntry {
  const at = toApiDate(now)
  return {
    key: workerKey(identity.company, identity.user, worker),
    id: worker,
    user: { id: identity.user, name: identity.userName },
    company: { id: identity.company, name: identity.companyName },
    ip,
    task: null,
    project: null,
    queue: null,
    queues: [...new Set(o.queues ?? [])],
    register_time: at,
    register_timeout: o.timeout,
    last_activity_time: at,
    last_report_time: null,
    tags: o.tags ?? [],
    system_tags: o.system_tags ?? [],
  }
}

async function checkQueues(tx: Repos, company: string, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)]
  const found = new Set((await tx.queues.getMany(unique)).filter((q) => q.company === company).map((q) => q.id))
  const invalid = unique.filter((id) => !found.has(id))
  if (invalid.length > 0) throw errors.invalidQueueId(undefined, { ids: invalid })
}

export function createWorkerRegistration(deps: ServiceDeps) {
  const { store, clock } = deps
  const settings = workerSettings(deps.config)

  /** Points the reported task at this worker; an unknown task is reported back, the worker is saved anyway. */
  const attachTask = async (tx: Repos, identity: Identity, entry: WorkerEntry, taskId: string, now: Date): Promise<ApiError | undefined> => {
    const task = await tx.tasks.get(taskId)
    if (!task || task.company !== identity.company) return errors.invalidTaskId(undefined, { id: taskId, company: identity.company })
    task.last_worker = entry.id
    task.last_worker_report = toApiDate(now)
    await saveTask(tx, task, now, identity)
    entry.task = { id: task.id, name: task.name }
    const project = task.project ? await tx.projects.get(task.project) : undefined
    entry.project = project ? { id: project.id, name: String(project.name) } : null
    return undefined
  }

  const loadOrRegister = async (tx: Repos, identity: Identity, worker: string, ip: string, now: Date): Promise<WorkerEntry> => {
    const entry = await tx.workers.get(identity.company, identity.user, worker, now)
    if (entry) return entry
    if (!settings.autoRegister) throw errors.invalidWorkerId(undefined, { worker })
    return newEntry(identity, worker, ip, now, { timeout: settings.defaultTimeoutSec })
  }

  return {
    register: (identity: Identity, ip: string, req: RegisterInput) => {
      const timeout = req.timeout || settings.defaultTimeoutSec
      if (timeout <= 0) throw errors.workerRegistrationFailed('invalid timeout', { timeout, worker: req.worker })
      return store.transaction(async (tx) => {
        await checkQueues(tx, identity.company, req.queues ?? [])
        const now = clock()
        await tx.workers.put(newEntry(identity, req.worker, ip, now, { ...req, timeout }), expiryOf(now, timeout))
        return {}
      })
    },

    unregister: (identity: Identity, worker: string) =>
      store.transaction(async (tx) => {
        const removed = await tx.workers.delete(identity.company, identity.user, worker, clock())
        if (!removed && !settings.autoUnregister) throw errors.workerNotRegistered(undefined, { worker })
        return {}
      }),

    async statusReport(identity: Identity, ip: string, req: StatusReportRequest) {
      const failure = await store.transaction(async (tx) => {
        const now = clock()
        const entry = await loadOrRegister(tx, identity, req.worker, ip, now)
        entry.ip = ip
        if (req.tags) entry.tags = req.tags
        if (req.system_tags) entry.system_tags = req.system_tags
        if (req.machine_stats) {
          const values = flattenMachineStats(req.machine_stats as MachineStatsInput)
          if (Object.keys(values).length > 0) {
            await tx.workerStats.add({
              company: identity.company, worker: req.worker, timestamp: reportTime(req.timestamp), task: req.task ?? null, values,
            })
          }
        }
        entry.last_activity_time = toApiDate(now)
        entry.queue = req.queue ?? null
        if (req.queues && req.queues.length > 0) entry.queues = [...new Set(req.queues)]
        let error: ApiError | undefined
        if (req.task) error = await attachTask(tx, identity, entry, req.task, now)
        else Object.assign(entry, { task: null, project: null })
        if (!error) entry.last_report_time = toApiDate(now)
        await tx.workers.put(entry, expiryOf(now, entry.register_timeout))
        return error
      })
      if (failure) throw failure
      return {}
    },
  }
}

export type WorkerRegistration = ReturnType<typeof createWorkerRegistration>
