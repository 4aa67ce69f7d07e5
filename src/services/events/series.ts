// Series lookups shared by the read paths: the catalog rows of some tasks, narrowed to a metric selection.
import { hashFieldName } from '../../domain/events/last-metrics.js'
import { selects, type EventType, type MetricSelection } from '../../domain/events/event-types.js'
import type { EventSeries } from '../../store/event-store.js'
import type { Repos } from '../../store/store.js'
import type { EventOwner } from './access.js'

export async function seriesOf(
  tx: Repos, tasks: readonly string[], types: readonly EventType[] | undefined, selection?: MetricSelection,
): Promise<EventSeries[]> {
  const all = await tx.events.series.list(tasks, types)
  return selection ? all.filter((s) => selects(selection, s.metric, s.variant)) : all
}

/** metric → its variants, in the catalog's (sorted) order. */
export function byMetric(series: readonly EventSeries[]): Map<string, EventSeries[]> {
  const out = new Map<string, EventSeries[]>()
  for (const s of series) {
    const list = out.get(s.metric)
    if (list) list.push(s)
    else out.set(s.metric, [s])
  }
  return out
}

export const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort()

/** The x_axis_label reported with a scalar series, as last_metrics keeps it. */
export function xAxisLabel(owner: EventOwner, metric: string, variant: string): string | undefined {
  const lastMetrics = (owner.doc as { last_metrics?: Record<string, Record<string, { x_axis_label?: string }>> }).last_metrics
  return lastMetrics?.[hashFieldName(metric)]?.[hashFieldName(variant)]?.x_axis_label ?? undefined
}
