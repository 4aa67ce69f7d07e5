// services.queues.* settings (ClearML's queues.conf), read once when the service is built.
import type { Config } from '../../config/config.js'

export interface QueueSettings {
  /** Queues carrying one of these system tags are left out of get_all(_ex) unless asked for. */
  hiddenTags: string[]
  /** get_queue_metrics also reads samples this long before from_date, so the first bucket has a value. */
  metricsBeforeFromDateSec: number
  /** A queue whose newest sample is older than this gets a fresh one when its metrics are read. 0: never. */
  metricsRefreshIntervalSec: number
}

function setting(tree: Record<string, unknown>, key: string): unknown {
  const queues = ((tree.services as Record<string, unknown> | undefined)?.queues ?? {}) as Record<string, unknown>
  return queues[key]
}

const asNumber = (v: unknown, fallback: number): number => {
  const n = typeof v === 'string' ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback
}

export function queueSettings(config: Config): QueueSettings {
  const hidden = setting(config.tree, 'hidden_tags')
  return {
    hiddenTags: Array.isArray(hidden) ? hidden.filter((t): t is string => typeof t === 'string') : ['k8s-glue'],
    metricsBeforeFromDateSec: asNumber(setting(config.tree, 'metrics_before_from_date'), 3600),
    metricsRefreshIntervalSec: asNumber(setting(config.tree, 'metrics_refresh_interval_sec'), 300),
  }
}
