// reports.get_task_data: the tasks (or models) a report shows, found with the get_all_ex query language, plus
// the chart data of the asked kinds. The events come from the events service's own reads, so charts in a
// report look exactly like the compare views they were copied from.
import type { Identity } from '../../domain/entities/user.js'
import type { ServiceDeps } from '../deps.js'
import { createMetricIterator } from '../events/metric-iterator.js'
import { createPlotReads } from '../events/plots.js'
import { createScalarReads } from '../events/scalars.js'
import { createModelReads } from '../models/read.js'
import { conformModel } from '../models/present.js'
import { createTaskQueries } from '../tasks/query-service.js'
import type { TaskDataRequest } from './schemas.js'

type Json = Record<string, unknown>
type Metrics = NonNullable<NonNullable<TaskDataRequest['debug_images']>['metrics']>

/** Every task gets the same metric selection; none selected means all of its metrics. */
const perTask = (ids: readonly string[], metrics: Metrics | null | undefined) =>
  ids.flatMap((task) => (metrics?.length ? metrics.map((m) => ({ task, metric: m.metric, variants: m.variants })) : [{ task }]))

export function createReportTaskData(deps: ServiceDeps) {
  const tasks = createTaskQueries(deps)
  const models = createModelReads(deps)
  const debugImages = createMetricIterator(deps, 'training_debug_image')
  const plots = createPlotReads(deps)
  const scalars = createScalarReads(deps)

  async function entities(identity: Identity, query: Json, o: { version: string; modelEvents: boolean }) {
    if (!o.modelEvents) return tasks.getAll(identity, query, { version: o.version, extended: true })
    const { models: found, ...rest } = await models.getAllEx(identity, query)
    return { tasks: found.map((m) => conformModel(m, o.version)), ...rest }
  }

  async function events(identity: Identity, ids: string[], req: TaskDataRequest): Promise<Json> {
    const model_events = req.model_events === true
    const out: Json = {}
    const { debug_images: images, plots: plotsReq, scalar_metrics_iter_histogram: histogram } = req
    if (images) {
      out.debug_images = ids.length === 0 ? [] : (await debugImages.get(identity, {
        metrics: perTask(ids, images.metrics), iters: images.iters ?? 1, navigate_earlier: true, refresh: false, model_events,
      })).metrics
    }
    if (plotsReq) {
      out.plots = ids.length === 0 ? {} : (await plots.multiTaskPlots(identity, {
        tasks: ids, iters: plotsReq.iters ?? 1, no_scroll: true, metrics: plotsReq.metrics, model_events,
        last_iters_per_task_metric: plotsReq.last_iters_per_task_metric ?? true,
      })).plots
    }
    if (histogram) {
      out.scalar_metrics_iter_histogram = ids.length === 0 ? {} : (await scalars.multiTaskHistogram(identity, {
        tasks: ids, samples: histogram.samples ?? 2000, key: histogram.key ?? 'iter', metrics: histogram.metrics, model_events, with_min_max: false,
      })).metrics
    }
    if (req.single_value_metrics) {
      out.single_value_metrics = ids.length === 0 ? [] : (await scalars.singleValues(identity, { tasks: ids, model_events })).tasks
    }
    return out
  }

  return {
    async getTaskData(identity: Identity, req: TaskDataRequest, version: string): Promise<Json> {
      const { debug_images: _d, plots: _p, scalar_metrics_iter_histogram: _h, single_value_metrics: _s, model_events, ...query } = req
      const found = await entities(identity, query, { version, modelEvents: model_events === true })
      const ids = found.tasks.map((t) => String(t.id))
      return { ...found, ...(await events(identity, ids, req)) }
    },
  }
}

export type ReportTaskData = ReturnType<typeof createReportTaskData>
