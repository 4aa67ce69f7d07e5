// Queue metrics as ClearML computes them: a sample (length, average wait) per change of a queue, and a date
// histogram over samples where each bucket keeps, per queue, the sample with the longest average wait.
import type { QueueDoc } from '../entities/queue.js'
import { parseApiDate } from '../dates.js'

export interface QueueSample {
  company: string
  queue: string
  timestamp: Date
  queueLength: number
  avgWaitingSec: number
}

export function queueSample(queue: QueueDoc, now: Date): QueueSample {
  const added = queue.entries.map((e) => parseApiDate(e.added)).filter((d): d is Date => d !== undefined)
  const totalSec = added.reduce((sum, d) => sum + (now.getTime() - d.getTime()) / 1000, 0)
  return {
    company: queue.company,
    queue: queue.id,
    timestamp: now,
    queueLength: added.length,
    avgWaitingSec: added.length === 0 ? 0 : totalSec / added.length,
  }
}

export interface QueueSeries {
  queue: string
  /** Bucket starts, epoch milliseconds, ascending; buckets without samples are left out. */
  dates: number[]
  avg_waiting_times: number[]
  queue_lengths: number[]
}

interface Point { length: number; wait: number }

/** The top sample per bucket and queue: longest average wait, then longest queue. */
function bucketize(samples: readonly QueueSample[], intervalSec: number): Map<number, Map<string, Point>> {
  const intervalMs = intervalSec * 1000
  const buckets = new Map<number, Map<string, Point>>()
  for (const s of samples) {
    const key = Math.floor(s.timestamp.getTime() / intervalMs) * intervalMs
    let perQueue = buckets.get(key)
    if (!perQueue) buckets.set(key, (perQueue = new Map()))
    const best = perQueue.get(s.queue)
    const better = !best || s.avgWaitingSec > best.wait || (s.avgWaitingSec === best.wait && s.queueLength > best.length)
    if (better) perQueue.set(s.queue, { length: s.queueLength, wait: s.avgWaitingSec })
  }
  return new Map([...buckets.entries()].sort((a, b) => a[0] - b[0]))
}

/** One series per queue that has samples, in order of first appearance. */
export function seriesPerQueue(samples: readonly QueueSample[], intervalSec: number): QueueSeries[] {
  const series = new Map<string, QueueSeries>()
  for (const [date, perQueue] of bucketize(samples, intervalSec)) {
    for (const [queue, p] of perQueue) {
      let s = series.get(queue)
      if (!s) series.set(queue, (s = { queue, dates: [], avg_waiting_times: [], queue_lengths: [] }))
      s.dates.push(date)
      s.avg_waiting_times.push(p.wait)
      s.queue_lengths.push(p.length)
    }
  }
  return [...series.values()]
}

/** All queues together, named `total` as ClearML names it: lengths summed, waits weighted by length. A queue
 *  without a sample in a bucket counts with its last known values. */
export function seriesTotal(samples: readonly QueueSample[], intervalSec: number): QueueSeries {
  const total: QueueSeries = { queue: 'total', dates: [], avg_waiting_times: [], queue_lengths: [] }
  const last = new Map<string, Point>()
  for (const [date, perQueue] of bucketize(samples, intervalSec)) {
    for (const [queue, p] of perQueue) last.set(queue, p)
    const points = [...last.values()]
    const length = points.reduce((sum, p) => sum + p.length, 0)
    const wait = length === 0 ? 0 : points.reduce((sum, p) => sum + (p.wait * p.length) / length, 0)
    total.dates.push(date)
    total.avg_waiting_times.push(wait)
    total.queue_lengths.push(length)
  }
  return total
}
