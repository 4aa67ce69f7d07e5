// The non-responsive task watchdog: an in_progress task nobody has updated (no ping, no status report, no event)
// for threshold_sec is stopped, as ClearML does, so a crashed agent does not leave it running forever. The cycle
// runs under a store lease, so with several API processes on one store only one of them does the work.
import { hostname } from 'node:os'
import type { Config } from '../../config/config.js'
import { getPath } from '../../config/hocon.js'
import { toApiDate } from '../../domain/dates.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { and, eq } from '../../domain/query/filter.js'
import type { ServiceDeps } from '../deps.js'
import { changeStatus } from './status-change.js'

export const FORCED_STOP = 'Forced stop (non-responsive)'
/** The user ClearML records as last_changed_by for the watchdog's changes. */
export const WATCHDOG_USER = '__apiserver__'
export const WATCHDOG_LEASE = 'tasks.non_responsive_tasks_watchdog'

export interface WatchdogSettings {
  enabled: boolean
  /** An in_progress task not updated for this long is stopped. */
  thresholdSec: number
  /** Seconds between cycles; the first cycle runs one interval after start. */
  watchIntervalSec: number
}

const num = (v: unknown, fallback: number): number => {
  const n = typeof v === 'string' ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : fallback
}

export function watchdogSettings(config: Config): WatchdogSettings {
  const prefix = 'services.tasks.non_responsive_tasks_watchdog'
  const enabled = getPath(config.tree, `${prefix}.enabled`)
  return {
    enabled: enabled !== false && enabled !== 'false',
    thresholdSec: num(getPath(config.tree, `${prefix}.threshold_sec`), 7200),
    watchIntervalSec: num(getPath(config.tree, `${prefix}.watch_interval_sec`), 900),
  }
}

/** Identifies this process as a lease holder. */
export const processHolderId = (): string => `${hostname()}:${process.pid}:${Math.random().toString(16).slice(2, 10)}`

const watchdogIdentity = (company: string): Identity =>
  ({ user: WATCHDOG_USER, company, role: 'system', userName: WATCHDOG_USER, companyName: '' })

export function createNonResponsiveTaskWatchdog(deps: ServiceDeps, o: { holder: string; settings?: WatchdogSettings }) {
  const { store, clock, log } = deps
  const settings = o.settings ?? watchdogSettings(deps.config)
  // Two missed cycles before another process takes over from a holder that died.
  const leaseTtlMs = settings.watchIntervalSec * 2000

  const isStale = (task: TaskDoc, cutoff: string): boolean =>
    task.status === 'in_progress' && typeof task.last_update === 'string' && task.last_update < cutoff

  /** Re-checked in its own transaction: a task that pinged since it was selected is left running. */
  const stopOne = (id: string, cutoff: string) =>
    store.transaction(async (tx) => {
      const task = await tx.tasks.get(id)
      if (!task || !isStale(task, cutoff)) return false
      await changeStatus(tx, task, 'stopped', {
        identity: watchdogIdentity(task.company), now: clock(), reason: FORCED_STOP, message: FORCED_STOP,
      })
      return true
    })

  const stopStaleTasks = async (): Promise<number> => {
    const cutoff = toApiDate(new Date(clock().getTime() - settings.thresholdSec * 1000))
    const candidates = await store.read((tx) => tx.tasks.find({
      filter: and(eq('status', 'in_progress'), { op: 'cmp', path: ['last_update'], cmp: '<', value: cutoff, numeric: false }),
    }))
    let stopped = 0
    for (const task of candidates) {
      try {
        if (await stopOne(task.id, cutoff)) stopped++
      } catch (err) {
        log.error({ err, task: task.id }, 'watchdog failed to stop a non-responsive task')
      }
    }
    if (candidates.length > 0) log.info({ stopped, found: candidates.length }, 'non-responsive tasks stopped')
    return stopped
  }

  return {
    settings,
    stopStaleTasks,
    /** One cycle: the number of tasks stopped, or null when another process holds the lease. */
    async runOnce(): Promise<number | null> {
      const held = await store.transaction((tx) => tx.leases.acquire(WATCHDOG_LEASE, o.holder, clock(), leaseTtlMs))
      return held ? stopStaleTasks() : null
    },
    release: () => store.transaction((tx) => tx.leases.release(WATCHDOG_LEASE, o.holder)),
  }
}

export type NonResponsiveTaskWatchdog = ReturnType<typeof createNonResponsiveTaskWatchdog>
