// Periodic jobs of an API process. Each runs under a store lease, so with several processes on one store a job
// runs in one of them at a time; when that process stops or dies, another takes the lease over.
import type { Logger } from 'pino'
import type { ServiceDeps } from './deps.js'
import { createNonResponsiveTaskWatchdog, processHolderId } from './tasks/watchdog.js'
import { createWorkerHousekeeping, HOUSEKEEPING_LEASE } from './workers/housekeeping.js'

export interface BackgroundJobs {
  /** Clears the timers, waits for a cycle in flight and gives the leases back. */
  stop(): Promise<void>
}

const HOUSEKEEPING_INTERVAL_SEC = 600

interface Job { name: string; intervalMs: number; run: () => Promise<unknown>; release: () => Promise<unknown> }

interface Scheduled { timer: NodeJS.Timeout; idle: () => Promise<void> }

/** Runs the job every interval (first after one interval, as ClearML); a slow cycle is never started twice. */
function schedule(job: Job, log: Logger): Scheduled {
  let cycle: Promise<void> | undefined
  const timer = setInterval(() => {
    if (cycle) return
    cycle = job.run()
      .then(() => undefined, (err: unknown) => log.error({ err, job: job.name }, 'background job failed'))
      .finally(() => { cycle = undefined })
  }, job.intervalMs)
  // Timers alone never keep the process alive.
  timer.unref()
  return { timer, idle: async () => { await cycle } }
}

function housekeepingJob(deps: ServiceDeps, holder: string): Job {
  const housekeeping = createWorkerHousekeeping(deps)
  const leaseTtlMs = HOUSEKEEPING_INTERVAL_SEC * 2000
  return {
    name: 'workers housekeeping',
    intervalMs: HOUSEKEEPING_INTERVAL_SEC * 1000,
    run: async () => {
      const held = await deps.store.transaction((tx) => tx.leases.acquire(HOUSEKEEPING_LEASE, holder, deps.clock(), leaseTtlMs))
      return held ? housekeeping.run() : undefined
    },
    release: () => deps.store.transaction((tx) => tx.leases.release(HOUSEKEEPING_LEASE, holder)),
  }
}

export function startBackgroundJobs(deps: ServiceDeps, o: { holder?: string } = {}): BackgroundJobs {
  const holder = o.holder ?? processHolderId()
  const jobs: Job[] = [housekeepingJob(deps, holder)]
  const watchdog = createNonResponsiveTaskWatchdog(deps, { holder })
  if (watchdog.settings.enabled) {
    jobs.push({ name: 'watchdog', intervalMs: watchdog.settings.watchIntervalSec * 1000, run: watchdog.runOnce, release: watchdog.release })
  }
  const scheduled = jobs.map((job) => schedule(job, deps.log))
  return {
    async stop() {
      for (const s of scheduled) clearInterval(s.timer)
      await Promise.all(scheduled.map((s) => s.idle()))
      await Promise.all(jobs.map((j) => j.release().catch(() => undefined)))
    },
  }
}
