// queues.get_queue_metrics: date histograms of queue length and average wait, from the samples written on every
// change of a queue's entries.
import type { Identity } from '../../domain/entities/user.js'
import { queueSample, seriesPerQueue, seriesTotal, type QueueSample, type QueueSeries } from '../../domain/queues/metrics.js'
import { and, eq, isIn } from '../../domain/query/filter.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { queueSettings } from './settings.js'

export interface MetricsQuery {
  fromDateSec: number
  toDateSec: number
  intervalSec: number
  queueIds: readonly string[]
  refresh: boolean
}

export function createQueueMetricsService({ store, clock, config }: ServiceDeps) {
  const settings = queueSettings(config)

  /**
   * ClearML also samples every queue every few minutes in the background, so a queue that sits unchanged still
   * shows on the chart. We take that sample when the chart asks for the present instead: a queue whose newest
   * sample is older than the refresh interval (or every queue, with `refresh`) gets one now.
   */
  async function sampleStale(tx: Repos, company: string, q: MetricsQuery, samples: QueueSample[], now: Date): Promise<void> {
    const intervalMs = settings.metricsRefreshIntervalSec * 1000
    const coversNow = q.toDateSec * 1000 >= now.getTime() - intervalMs
    if (!q.refresh && (!coversNow || intervalMs <= 0)) return
    const scope = q.queueIds.length > 0 ? and(eq('company', company), isIn('id', [...q.queueIds])) : eq('company', company)
    const newest = new Map<string, number>()
    for (const s of samples) newest.set(s.queue, Math.max(newest.get(s.queue) ?? 0, s.timestamp.getTime()))
    for (const queue of await tx.queues.find({ filter: scope })) {
      const last = newest.get(queue.id)
      if (!q.refresh && last !== undefined && now.getTime() - last < intervalMs) continue
      const sample = queueSample(queue, now)
      await tx.queueMetrics.add(sample)
      samples.push(sample)
    }
  }

  return {
    getQueueMetrics: (identity: Identity, q: MetricsQuery) => {
      if (q.fromDateSec >= q.toDateSec) throw errors.fieldsValue('from_date must be less than to_date')
      return store.transaction(async (tx): Promise<{ queues: QueueSeries[] }> => {
        const now = clock()
        const from = new Date((q.fromDateSec - settings.metricsBeforeFromDateSec) * 1000)
        const samples = await tx.queueMetrics.find(identity.company, q.queueIds, from, new Date(q.toDateSec * 1000))
        await sampleStale(tx, identity.company, q, samples, now)
        const inRange = samples.filter((s) => s.timestamp.getTime() <= q.toDateSec * 1000)
        if (q.queueIds.length > 0) return { queues: seriesPerQueue(inRange, q.intervalSec) }
        return { queues: [seriesTotal(inRange, q.intervalSec)] }
      })
    },
  }
}

export type QueueMetricsService = ReturnType<typeof createQueueMetricsService>
