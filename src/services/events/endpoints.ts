// The events service's endpoints. min_version follows ClearML's handlers; where ClearML keeps a legacy handler
// for old versions, the current behaviour serves them too unless noted.
import { endpoint, RawReply, type Endpoint } from '../../transport/rpc/endpoint.js'
import type { EventCleanup } from './cleanup.js'
import type { EventIngest, RawEventItem } from './ingest.js'
import type { LogReads } from './logs.js'
import type { MetricIterator } from './metric-iterator.js'
import type { MetricReads } from './metrics.js'
import type { PlotSampleHistory } from './plot-history.js'
import type { PlotReads } from './plots.js'
import type { RawEventReads } from './raw-events.js'
import type { ImageSampleHistory } from './sample-history.js'
import type { ScalarReads } from './scalars.js'
import * as s from './schemas.js'

export interface EventServices {
  ingest: EventIngest
  logs: LogReads
  scalars: ScalarReads
  raw: RawEventReads
  metrics: MetricReads
  plots: PlotReads
  debugImages: MetricIterator
  plotPages: MetricIterator
  imageSamples: ImageSampleHistory
  plotSamples: PlotSampleHistory
  cleanup: EventCleanup
}

const v = (minVersion: string) => ({ minVersion })
const asItems = (values: readonly unknown[]): RawEventItem[] => values.map((value) => ({ ok: true, value }))

export const eventEndpoints = (e: EventServices): Endpoint[] => [
  endpoint('events.add', s.AddRequest, async (req, call) => e.ingest.add(call.identity, asItems([req]), call.worker)),
  endpoint('events.add_batch', s.AddBatchRequest, async (req, call) => (call.batch && call.batch.bytes.length > 0
    ? e.ingest.addLines(call.identity, call.batch.bytes, call.worker)
    : e.ingest.add(call.identity, asItems(req.requests ?? []), call.worker))),
  endpoint('events.delete_for_task', s.DeleteForTaskRequest, async (req, call) =>
    e.cleanup.deleteForTask(call.identity, req.task, req.allow_locked)),
  endpoint('events.delete_for_model', s.DeleteForModelRequest, async (req, call) =>
    e.cleanup.deleteForModel(call.identity, req.model, req.allow_locked), v('2.22')),
  endpoint('events.clear_task_log', s.ClearTaskLogRequest, async (req, call) => e.logs.clearTaskLog(call.identity, req), v('2.19')),
  endpoint('events.get_task_log', s.LegacyTaskLogRequest, async (req, call) => e.logs.legacyTaskLog(call.identity, req)),
  endpoint('events.get_task_log', s.GetTaskLogRequest, async (req, call) => e.logs.getTaskLog(call.identity, req), v('2.9')),
  endpoint('events.download_task_log', s.DownloadTaskLogRequest, async (req, call) => {
    const log = await e.logs.downloadTaskLog(call.identity, req)
    return new RawReply('text/plain', log.body, log.filename)
  }, { downloadable: true }),
  endpoint('events.get_task_events', s.GetTaskEventsRequest, async (req, call) => e.raw.taskEvents(call.identity, req)),
  endpoint('events.scalar_metrics_iter_raw', s.ScalarRawRequest, async (req, call) => e.raw.scalarRaw(call.identity, req), v('2.16')),
  endpoint('events.get_scalar_metric_data', s.ScalarMetricDataRequest, async (req, call) => e.raw.scalarMetricData(call.identity, req)),
  endpoint('events.scalar_metrics_iter_histogram', s.HistogramRequest, async (req, call) => e.scalars.histogram(call.identity, req)),
  endpoint('events.multi_task_scalar_metrics_iter_histogram', s.MultiTaskHistogramRequest, async (req, call) =>
    e.scalars.multiTaskHistogram(call.identity, req)),
  endpoint('events.get_task_single_value_metrics', s.SingleValueRequest, async (req, call) => e.scalars.singleValues(call.identity, req)),
  endpoint('events.get_task_latest_scalar_values', s.TaskRequest, async (req, call) => e.scalars.latestValues(call.identity, req.task)),
  endpoint('events.get_scalar_metrics_and_variants', s.MetricsAndVariantsRequest, async (req, call) =>
    e.metrics.metricsAndVariants(call.identity, req, 'training_stats_scalar')),
  endpoint('events.get_vector_metrics_and_variants', s.MetricsAndVariantsRequest, async (req, call) =>
    e.metrics.metricsAndVariants(call.identity, req, 'training_stats_vector')),
  endpoint('events.vector_metrics_iter_histogram', s.VectorHistogramRequest, async (req, call) => e.metrics.vectorHistogram(call.identity, req)),
  endpoint('events.get_task_metrics', s.TaskMetricsRequest, async (req, call) => e.metrics.taskMetrics(call.identity, req)),
  endpoint('events.get_multi_task_metrics', s.MultiTaskMetricsRequest, async (req, call) => e.metrics.multiTaskMetrics(call.identity, req)),
  endpoint('events.get_task_plots', s.TaskPlotsRequest, async (req, call) => e.plots.taskPlots(call.identity, req)),
  endpoint('events.get_multi_task_plots', s.MultiTaskPlotsRequest, async (req, call) => e.plots.multiTaskPlots(call.identity, req)),
  endpoint('events.plots', s.MetricEventsRequest, async (req, call) => e.plotPages.get(call.identity, req)),
  endpoint('events.debug_images', s.LegacyDebugImagesRequest, async (req, call) => e.plots.legacyDebugImages(call.identity, req)),
  endpoint('events.debug_images', s.MetricEventsRequest, async (req, call) => e.debugImages.get(call.identity, req), v('2.7')),
  endpoint('events.get_debug_image_sample', s.VariantSampleRequest, async (req, call) => e.imageSamples.sample(call.identity, req), v('2.12')),
  endpoint('events.next_debug_image_sample', s.NextSampleRequest, async (req, call) => e.imageSamples.next(call.identity, req), v('2.12')),
  endpoint('events.get_plot_sample', s.MetricSamplesRequest, async (req, call) => e.plotSamples.sample(call.identity, req)),
  endpoint('events.next_plot_sample', s.NextSampleRequest, async (req, call) => e.plotSamples.next(call.identity, req)),
  // Scroll ids carry their own state (scroll.ts), so there is nothing to release.
  endpoint('events.clear_scroll', s.ClearScrollRequest, async () => ({}), v('2.18')),
]
