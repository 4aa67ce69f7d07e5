// services.workers.* and apiserver.workers.* settings (ClearML's workers.conf / apiserver.conf), read once.
import type { Config } from '../../config/config.js'
import { getPath } from '../../config/hocon.js'

export interface WorkerSettings {
  /** Seconds a worker stays listed after its last register or status report, unless register set its own. */
  defaultTimeoutSec: number
  /** A status report from an unknown worker registers it (the agent's `execute` children only report). */
  autoRegister: boolean
  /** Unregistering an unknown worker is a no-op rather than 400/1004 (the agent unregisters twice). */
  autoUnregister: boolean
  /** Chart buckets are never finer than this. */
  minChartIntervalSec: number
  /** Machine stats older than this are deleted. */
  statsRetentionDays: number
}

const asNumber = (v: unknown, fallback: number): number => {
  const n = typeof v === 'string' ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback
}

const asBoolean = (v: unknown, fallback: boolean): boolean => {
  if (typeof v === 'boolean') return v
  if (v === 'true' || v === 'false') return v === 'true'
  return fallback
}

export function workerSettings(config: Config): WorkerSettings {
  const tree = config.tree
  const legacyTimeout = asNumber(getPath(tree, 'apiserver.workers.default_timeout'), 600)
  return {
    defaultTimeoutSec: asNumber(getPath(tree, 'services.workers.default_worker_timeout_sec'), legacyTimeout),
    autoRegister: asBoolean(getPath(tree, 'apiserver.workers.auto_register'), true),
    autoUnregister: asBoolean(getPath(tree, 'apiserver.workers.auto_unregister'), true),
    minChartIntervalSec: asNumber(getPath(tree, 'services.workers.min_chart_interval_sec'), 40),
    statsRetentionDays: asNumber(getPath(tree, 'services.workers.stats_retention_days'), 30),
  }
}
