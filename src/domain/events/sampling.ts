// Downsampling rules for scalar charts, as ClearML computes them (bll/event/event_metrics.py): each series gets
// an interval so that it yields at most `samples` buckets, series with intervals within 10% of each other share
// the largest of them, and a bucket's key is the start of its interval (floor(x / interval) * interval).

export type HistogramKey = 'iter' | 'timestamp' | 'iso_time'

export interface SeriesExtent {
  /** Points on the x axis, single values excluded. */
  count: number
  min: number
  max: number
}

export interface SeriesInterval {
  interval: number
  buckets: number
}

export function seriesInterval(extent: SeriesExtent, samples: number): SeriesInterval {
  if (extent.count < samples) return { interval: 1, buckets: extent.count }
  const range = extent.max - extent.min + 1
  const interval = Math.max(1, Math.ceil(range / samples))
  return { interval, buckets: Math.ceil(range / interval) }
}

const MAX_GROUP_SIZE = 50
const MAX_GROUP_BUCKETS = 6000

/**
 * Gives every series the interval of its group. Groups are formed over the series sorted by interval (stable),
 * closing when an interval passes the group's first by more than 10%, or at 50 series or 6000 buckets.
 */
export function groupIntervals<T>(items: readonly T[], intervalOf: (item: T) => SeriesInterval): Map<T, number> {
  const sorted = items.map((item, i) => ({ item, i, ...intervalOf(item) })).sort((a, b) => a.interval - b.interval || a.i - b.i)
  const out = new Map<T, number>()
  let group: T[] = []
  let upperBound = 0
  let groupMax = 0
  let groupBuckets = 0
  const close = () => {
    for (const item of group) out.set(item, groupMax)
    group = []
  }
  for (const s of sorted) {
    if (s.interval > upperBound || groupBuckets + s.buckets > MAX_GROUP_BUCKETS || group.length >= MAX_GROUP_SIZE) {
      close()
      groupMax = s.interval
      upperBound = s.interval + Math.floor(s.interval * 0.1)
      groupBuckets = 0
    }
    group.push(s.item)
    groupBuckets += s.buckets
    groupMax = Math.max(groupMax, s.interval)
  }
  close()
  return out
}

export const bucketStart = (x: number, interval: number): number => Math.floor(x / interval) * interval

/** ES strict_date_time, as date_histogram's key_as_string renders a UTC bucket. */
export const isoBucketKey = (ms: number): string => new Date(ms).toISOString()
