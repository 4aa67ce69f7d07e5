// events.add / events.add_batch: one batch is one transaction. The batch is decoded first (batch-decode.ts, on a
// worker thread for large json-lines bodies), outside the transaction; then each task or model it names is read
// once, its events written, and its summary (last_metrics, last_iteration, metric_stats, last_update) folded in and
// written once. Bad events are counted in errors_info and the rest still land.
import type { ModelDoc } from '../../domain/entities/model.js'
import { activeDurationSec } from '../../domain/tasks/active-duration.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { LOCKED_TASK_STATUSES } from '../../domain/events/event-types.js'
import {
  applyLastIteration, applyMetricStats, applyScalarSummaries, batchLastIteration, scalarSummaries, type EntityBatchSummary,
} from '../../domain/events/last-metrics.js'
import type { ParseDefaults } from '../../domain/events/parse-event.js'
import { toApiDate } from '../../domain/dates.js'
import { errors } from '../../errors.js'
import type { HotView, Repos } from '../../store/store.js'
import type { EventSettings } from '../../config/config.js'
import type { ServiceDeps } from '../deps.js'
import { stampTask } from '../tasks/task-lookup.js'
import { decodeItems, ErrorCounter, type DecodedBatch, type DecodedEntity, type RawEventItem } from './batch-decode.js'
import type { BatchDecoder } from './decoder-pool.js'

export type { RawEventItem } from './batch-decode.js'

export interface AddEventsResult {
  added: number
  errors: number
  errors_info: Record<string, number>
}

// A batch reads of its task or model only what it checks and what its summary rewrites (DocRepo.getHot).
const TASK_FIELDS = ['company', 'status', 'started'] as const
const MODEL_FIELDS = ['company', 'ready'] as const
type TaskView = HotView<TaskDoc, (typeof TASK_FIELDS)[number]>
type ModelView = HotView<ModelDoc, (typeof MODEL_FIELDS)[number]>
interface Targets { tasks: Map<string, TaskView>; models: Map<string, ModelView> }

async function writableTargets(tx: Repos, identity: Identity, entities: readonly DecodedEntity[]): Promise<Targets> {
  const taskIds = entities.filter((e) => !e.modelEvent).map((e) => e.id)
  const modelIds = entities.filter((e) => e.modelEvent).map((e) => e.id)
  const allowLocked = new Map(entities.map((e) => [`${e.modelEvent}${e.id}`, e.allowLocked]))
  const tasks = taskIds.length > 0 ? await tx.tasks.getHot(taskIds, TASK_FIELDS) : []
  const models = modelIds.length > 0 ? await tx.models.getHot(modelIds, MODEL_FIELDS) : []
  // Public entities (company '') are not the caller's to write, so their events are refused like unknown ids.
  return {
    tasks: new Map(tasks.filter((t) => t.company === identity.company && (allowLocked.get(`false${t.id}`) || !LOCKED_TASK_STATUSES.has(t.status)))
      .map((t) => [t.id, t])),
    models: new Map(models.filter((m) => m.company === identity.company && (allowLocked.get(`true${m.id}`) || !m.ready)).map((m) => [m.id, m])),
  }
}

async function writeEntity(tx: Repos, e: DecodedEntity, nowMs: number): Promise<void> {
  if (e.scalars) await tx.events.scalars.add(e.scalars, nowMs)
  if (e.logs.length > 0) await tx.events.logs.add(e.logs, nowMs)
  if (e.samples.length > 0) await tx.events.samples.add(e.samples, nowMs)
}

export interface EventIngestDeps extends Pick<ServiceDeps, 'store' | 'clock' | 'config'> {
  readonly decoder: BatchDecoder
}

export function createEventIngest({ store, clock, config, decoder }: EventIngestDeps) {
  async function write(identity: Identity, batch: DecodedBatch, now: Date): Promise<AddEventsResult> {
    if (batch.items === 0) throw errors.batchContainsNoItems()
    if (batch.inconsistency) throw errors.validation(batch.inconsistency.detail, batch.inconsistency.data)
    const counter = new ErrorCounter(batch.errors)
    return store.transaction(async (tx) => {
      const targets = await writableTargets(tx, identity, batch.entities)
      const valid: DecodedEntity[] = []
      for (const e of batch.entities) {
        if ((e.modelEvent ? targets.models : targets.tasks).has(e.id)) valid.push(e)
        else counter.add(`Invalid ${e.modelEvent ? 'model' : 'task'} id ${e.id}`, e.events)
      }
      const added = valid.reduce((n, e) => n + e.events, 0)
      if (added === 0) throw errors.eventsNotAdded(undefined, counter.info)
      for (const e of valid) await writeEntity(tx, e, now.getTime())
      await applySummaries(tx, { identity, now, targets, entities: valid, settings: config.events })
      return { added, errors: counter.total, errors_info: counter.info }
    })
  }

  const defaultsAt = (now: Date, worker: string | undefined): ParseDefaults => ({
    nowMs: now.getTime(), worker: worker ?? '', validatePlots: config.events.validatePlotStr,
  })

  return {
    /** Events already parsed (events.add, or add_batch with a JSON `requests` list). */
    async add(identity: Identity, items: readonly RawEventItem[], worker: string | undefined): Promise<AddEventsResult> {
      const now = clock()
      return write(identity, decodeItems(items, defaultsAt(now, worker)), now)
    },
    /** A json-lines body as sent. */
    async addLines(identity: Identity, bytes: Uint8Array, worker: string | undefined): Promise<AddEventsResult> {
      const now = clock()
      return write(identity, await decoder.decodeLines(bytes, defaultsAt(now, worker)), now)
    },
  }
}

interface ApplyContext { identity: Identity; now: Date; targets: Targets; entities: readonly DecodedEntity[]; settings: EventSettings }

async function applySummaries(tx: Repos, c: ApplyContext): Promise<void> {
  for (const { id, modelEvent, summary } of c.entities) {
    // Only fields the store keeps hot change here (store.ts, DocRepo.updateHot).
    if (modelEvent) await tx.models.updateHot(summarizedModel(c.targets.models.get(id) as ModelView, summary, c))
    else await tx.tasks.updateHot(summarizedTask(c.targets.tasks.get(id) as TaskView, summary, c))
  }
}

function summarizedTask(task: TaskView, s: EntityBatchSummary, c: ApplyContext): TaskView {
  applyScalarSummaries(task, scalarSummaries(s), c.settings.maxLastMetrics)
  applyLastIteration(task, batchLastIteration(s, c.settings.ignoreIterationMetrics))
  applyMetricStats(task, s.latestByMetric)
  stampTask(task, c.now, c.identity)
  if (task.status === 'in_progress' && task.started) task.active_duration = activeDurationSec(new Date(task.started), c.now)
  return task
}

function summarizedModel(model: ModelView, s: EntityBatchSummary, c: ApplyContext): ModelView {
  applyScalarSummaries(model, scalarSummaries(s), c.settings.maxLastMetrics)
  applyLastIteration(model, batchLastIteration(s, c.settings.ignoreIterationMetrics))
  const at = toApiDate(c.now)
  model.last_update = at
  model.last_change = at
  model.last_changed_by = c.identity.user
  return model
}

export type EventIngest = ReturnType<typeof createEventIngest>
