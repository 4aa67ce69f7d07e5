// The primary of the multi-process API mode (CLARION_API_WORKERS > 1): it serves nothing itself, forks the
// workers, restarts one that dies, and on SIGTERM/SIGINT stops them all gracefully before exiting.
import cluster, { type Worker } from 'node:cluster'
import type { Logger } from 'pino'

const READY = 'clarion:ready'
// A worker that dies right after its start (bad port, broken data dir) is not restarted in a tight loop.
const RESTART_DELAY_MS = 1000
// A worker that has not finished its in-flight requests by then is killed, and the stop counts as unclean.
const STOP_GRACE_MS = 30_000

export interface ClusterPrimaryOptions {
  readonly workers: number
  readonly log: Logger
  readonly ports: Readonly<Record<string, number>>
  readonly dataDir: string
}

/** Called by a worker once its four listeners are up. */
export function tellPrimaryReady(): void {
  process.send?.(READY)
}

export function runClusterPrimary({ workers, log, ports, dataDir }: ClusterPrimaryOptions): void {
  let stopping = false
  let notReady = workers
  const live = new Set<Worker>()

  const fork = (): void => {
    const worker = cluster.fork()
    live.add(worker)
    worker.on('message', (msg: unknown) => {
      if (msg !== READY || notReady === 0) return
      notReady -= 1
      if (notReady === 0) log.info({ ports, dataDir, workers }, 'clarion is serving')
    })
    worker.once('exit', (code, signal) => {
      live.delete(worker)
      if (stopping) return
      log.error({ worker: worker.process.pid, code, signal }, 'api worker died; starting another')
      setTimeout(() => { if (!stopping) fork() }, RESTART_DELAY_MS).unref()
    })
  }

  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    log.info({ signal, workers: live.size }, 'stopping')
    const exits = [...live].map((w) => new Promise<boolean>((resolve) => {
      w.once('exit', (code) => resolve(code === 0))
      w.process.kill('SIGTERM')
    }))
    const killer = setTimeout(() => { for (const w of live) w.process.kill('SIGKILL') }, STOP_GRACE_MS)
    void Promise.all(exits).then((clean) => {
      clearTimeout(killer)
      process.exit(clean.every(Boolean) ? 0 : 1)
    })
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  for (let i = 0; i < workers; i++) fork()
}
