// events.add / events.add_batch: one batch is one transaction. Each task or model the batch names is read once,
// its events written with multi-row statements, and its summary (last_metrics, last_iteration, metric_stats,
// last_update) folded in and written once. Bad events are counted in errors_info and the rest still land.
import type { ModelDoc } from '../../domain/entities/model.js'
import { activeDurationSec } from '../../domain/tasks/active-duration.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import {
  LOCKED_TASK_STATUSES, type IngestEvent, type LogEvent, type ScalarEvent,
} from '../../domain/events/event-types.js'
import {
  addToSummary, applyLastIteration, applyMetricStats, applyScalarSummaries, newEntitySummary, type EntityBatchSummary,
} from '../../domain/events/last-metrics.js'
import { checkBatchConsistency, eventRef, parseEvent, type EventRef, type ParseDefaults } from '../../domain/events/parse-event.js'
import { plotSourceUrls } from '../../domain/events/plot-sources.js'
import { toApiDate } from '../../domain/dates.js'
import { errors } from '../../errors.js'
import type { SampleRow } from '../../store/event-store.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { stampTask } from '../tasks/task-lookup.js'

/** One item of a batch as the transport parsed it. */
export type RawEventItem = { ok: true; value: unknown } | { ok: false; error: string }

export interface AddEventsResult {
  added: number
  errors: number
  errors_info: Record<string, number>
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

class ErrorCounter {
  readonly info: Record<string, number> = {}
  total = 0
  add(reason: string): void {
    this.info[reason] = (this.info[reason] ?? 0) + 1
    this.total += 1
  }
}

function toSampleRow(e: Exclude<IngestEvent, ScalarEvent | LogEvent>, written: number): SampleRow {
  const { type, task, metric, variant, modelEvent, iter, timestamp, worker } = e
  const row: SampleRow = {
    type, task, metric, variant, modelEvent, iter, timestamp, written, worker, key: '', url: null, body: null, sourceUrls: [],
  }
  if (e.type === 'plot') {
    row.body = e.plotStr
    row.sourceUrls = plotSourceUrls(e.plotStr)
  } else if (e.type === 'training_debug_image') {
    row.key = e.key
    row.url = e.url
  } else {
    row.body = JSON.stringify(e.values)
  }
  return row
}

interface Targets { tasks: Map<string, TaskDoc>; models: Map<string, ModelDoc> }

async function writableTargets(tx: Repos, identity: Identity, refs: readonly EventRef[]): Promise<Targets> {
  const taskLocks = new Map<string, boolean>()
  const modelLocks = new Map<string, boolean>()
  for (const ref of refs) if (ref.id !== null) (ref.modelEvent ? modelLocks : taskLocks).set(ref.id, ref.allowLocked)
  const tasks = taskLocks.size > 0 ? await tx.tasks.getMany([...taskLocks.keys()]) : []
  const models = modelLocks.size > 0 ? await tx.models.getMany([...modelLocks.keys()]) : []
  // Public entities (company '') are not the caller's to write, so their events are refused like unknown ids.
  return {
    tasks: new Map(tasks.filter((t) => t.company === identity.company && (taskLocks.get(t.id) || !LOCKED_TASK_STATUSES.has(t.status)))
      .map((t) => [t.id, t])),
    models: new Map(models.filter((m) => m.company === identity.company && (modelLocks.get(m.id) || !m.ready)).map((m) => [m.id, m])),
  }
}

interface SortedBatch {
  scalars: ScalarEvent[]
  logs: LogEvent[]
  samples: SampleRow[]
  summaries: Map<string, EntityBatchSummary>
}

/** Batch items as objects with the entity each names; the rest are counted as errors. */
function splitItems(items: readonly RawEventItem[], counter: ErrorCounter): { raws: Record<string, unknown>[]; refs: EventRef[] } {
  const raws: Record<string, unknown>[] = []
  const refs: EventRef[] = []
  for (const item of items) {
    if (!item.ok) counter.add(item.error)
    else if (!isRecord(item.value)) counter.add('An event must be a JSON object')
    else {
      raws.push(item.value)
      refs.push(eventRef(item.value))
    }
  }
  return { raws, refs }
}

interface SortContext { targets: Targets; counter: ErrorCounter; defaults: ParseDefaults }

function sortEvents(raws: readonly Record<string, unknown>[], refs: readonly EventRef[], o: SortContext): SortedBatch {
  const out: SortedBatch = { scalars: [], logs: [], samples: [], summaries: new Map() }
  for (let i = 0; i < raws.length; i++) {
    const e = parseEvent(raws[i], refs[i], o.defaults)
    if (typeof e === 'string') {
      o.counter.add(e)
      continue
    }
    if (!(e.modelEvent ? o.targets.models : o.targets.tasks).has(e.task)) {
      o.counter.add(`Invalid ${e.modelEvent ? 'model' : 'task'} id ${e.task}`)
      continue
    }
    if (e.type === 'training_stats_scalar') out.scalars.push(e)
    else if (e.type === 'log') out.logs.push(e)
    else out.samples.push(toSampleRow(e, o.defaults.nowMs))
    let summary = out.summaries.get(e.task)
    if (!summary) out.summaries.set(e.task, (summary = newEntitySummary()))
    addToSummary(summary, e)
  }
  return out
}

export function createEventIngest({ store, clock }: Pick<ServiceDeps, 'store' | 'clock'>) {
  async function add(identity: Identity, items: readonly RawEventItem[], worker: string | undefined): Promise<AddEventsResult> {
    if (items.length === 0) throw errors.batchContainsNoItems()
    const now = clock()
    const counter = new ErrorCounter()
    const { raws, refs } = splitItems(items, counter)
    checkBatchConsistency(refs)
    return store.transaction(async (tx) => {
      const targets = await writableTargets(tx, identity, refs)
      const b = sortEvents(raws, refs, { targets, counter, defaults: { nowMs: now.getTime(), worker: worker ?? '' } })
      const added = b.scalars.length + b.logs.length + b.samples.length
      if (added === 0) throw errors.eventsNotAdded(undefined, counter.info)
      if (b.scalars.length > 0) await tx.events.scalars.add(b.scalars, now.getTime())
      if (b.logs.length > 0) await tx.events.logs.add(b.logs, now.getTime())
      if (b.samples.length > 0) await tx.events.samples.add(b.samples, now.getTime())
      await applySummaries(tx, { identity, now, targets, summaries: b.summaries })
      return { added, errors: counter.total, errors_info: counter.info }
    })
  }

  return { add }
}

interface ApplyContext { identity: Identity; now: Date; targets: Targets; summaries: Map<string, EntityBatchSummary> }

async function applySummaries(tx: Repos, c: ApplyContext): Promise<void> {
  for (const [id, s] of c.summaries) {
    const task = c.targets.tasks.get(id)
    if (task) {
      applyScalarSummaries(task, s.scalars.values())
      applyLastIteration(task, s.maxIter)
      applyMetricStats(task, s.latestByMetric)
      stampTask(task, c.now, c.identity)
      if (task.status === 'in_progress' && task.started) {
        task.active_duration = activeDurationSec(new Date(task.started), c.now)
      }
      await tx.tasks.update(task)
      continue
    }
    const model = c.targets.models.get(id)
    if (!model) continue
    applyScalarSummaries(model, s.scalars.values())
    applyLastIteration(model, s.maxIter)
    const at = toApiDate(c.now)
    model.last_update = at
    model.last_change = at
    model.last_changed_by = c.identity.user
    await tx.models.update(model)
  }
}

export type EventIngest = ReturnType<typeof createEventIngest>
