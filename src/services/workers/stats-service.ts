// workers.get_metric_keys / get_stats / get_activity_report: the resource charts of the Workers page.
import type { Identity } from '../../domain/entities/user.js'
import {
  assembleActivity, assembleWorkerStats, categoryOf, planBuckets, planEndMs, type BucketPlan,
} from '../../domain/workers/stats.js'
import { errors } from '../../errors.js'
import type { ServiceDeps } from '../deps.js'
import type { GetStatsRequest } from './schemas.js'
import { workerSettings } from './settings.js'

interface Range { from_date: number; to_date: number; interval: number }

export function createWorkerStatsService(deps: ServiceDeps) {
  const { store } = deps
  const settings = workerSettings(deps.config)

  const plan = (r: Range): BucketPlan => {
    if (r.from_date >= r.to_date) throw errors.fieldsValue('from_date must be less than to_date')
    return planBuckets(r.from_date, r.to_date, r.interval, settings.minChartIntervalSec)
  }
  const window = (p: BucketPlan) => ({ start: new Date(p.startMs), intervalMs: p.intervalMs, end: new Date(planEndMs(p)) })

  return {
    getMetricKeys: (identity: Identity, workerIds: readonly string[]) =>
      store.read(async (tx) => {
        const keys = await tx.workerStats.metricKeys(identity.company, workerIds)
        if (keys.length === 0) {
          throw errors.workerStatsNotFound('no statistic metrics found for the company and workers', { workers: [...workerIds] })
        }
        const categories = new Map<string, string[]>()
        for (const key of keys) categories.set(categoryOf(key), [...(categories.get(categoryOf(key)) ?? []), key])
        return { categories: [...categories].map(([name, metricKeys]) => ({ name, metric_keys: metricKeys })) }
      }),

    getStats: (identity: Identity, req: GetStatsRequest) => {
      const p = plan(req)
      return store.read(async (tx) => {
        if (p.count === 0) return { workers: [] }
        const splitByVariant = req.split_by_variant ?? false
        const buckets = await tx.workerStats.aggregate({
          company: identity.company, workers: req.worker_ids ?? [], metrics: [...new Set(req.items.map((i) => i.key))],
          splitByVariant, ...window(p),
        })
        return { workers: assembleWorkerStats(buckets, p, req.items, splitByVariant) }
      })
    },

    getActivityReport: (identity: Identity, req: Range) => {
      const p = plan(req)
      return store.read(async (tx) => {
        const rows = p.count === 0 ? [] : await tx.workerStats.activity({ company: identity.company, ...window(p) })
        return assembleActivity(rows, p)
      })
    },
  }
}

export type WorkerStatsService = ReturnType<typeof createWorkerStatsService>
