// Turns the items of an events batch into what ingest writes, grouped by the task or model they are for: each
// entity's scalar points as columns, its logs and samples as rows, and the summary its document will take. It is
// a pure function of the bytes, so it can run on a worker thread (decoder-pool.ts) while the main thread serves
// requests; nothing here needs the store. Refused items are counted by reason (ClearML's errors_info).
import type { IngestEvent, LogEvent, ScalarEvent } from '../../domain/events/event-types.js'
import { addToSummary, newEntitySummary, type EntityBatchSummary } from '../../domain/events/last-metrics.js'
import {
  eventRef, findBatchInconsistency, parseEvent, type BatchInconsistency, type EventRef, type ParseDefaults,
} from '../../domain/events/parse-event.js'
import { plotSourceUrls } from '../../domain/events/plot-sources.js'
import { isJsonObject } from '../../domain/object-paths.js'
import { parseJsonLines } from '../../json-lines.js'
import type { LogRow, SampleRow, ScalarColumns } from '../../store/event-store.js'

/** One item of a batch: a parsed JSON value, or why its line could not be parsed. */
export type RawEventItem = { ok: true; value: unknown } | { ok: false; error: string }

/** Items of a json-lines body. */
const jsonLineItems = (bytes: Uint8Array): RawEventItem[] =>
  parseJsonLines(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))

export interface DecodedEntity {
  id: string
  modelEvent: boolean
  allowLocked: boolean
  /** Valid events for this entity, whatever their type. */
  events: number
  scalars: ScalarColumns | undefined
  logs: LogRow[]
  samples: SampleRow[]
  summary: EntityBatchSummary
}

export interface DecodedBatch {
  /** Items in the batch, refused ones included. */
  items: number
  errors: Record<string, number>
  /** Set when the batch as a whole is refused (400/12). */
  inconsistency?: BatchInconsistency
  entities: DecodedEntity[]
}

export class ErrorCounter {
  readonly info: Record<string, number>
  total: number

  constructor(info: Record<string, number> = {}) {
    this.info = { ...info }
    this.total = Object.values(info).reduce((n, c) => n + c, 0)
  }

  add(reason: string, count = 1): void {
    this.info[reason] = (this.info[reason] ?? 0) + count
    this.total += count
  }
}

/** Collects one entity's scalars as growing columns. */
class ScalarBuilder {
  readonly series: { metric: string; variant: string }[] = []
  private readonly seriesKeys = new Map<string, Map<string, number>>()
  private readonly index: number[] = []
  private readonly iter: number[] = []
  private readonly ts: number[] = []
  private readonly value: number[] = []

  add(e: ScalarEvent): void {
    let variants = this.seriesKeys.get(e.metric)
    if (!variants) this.seriesKeys.set(e.metric, (variants = new Map()))
    let s = variants.get(e.variant)
    if (s === undefined) {
      variants.set(e.variant, (s = this.series.length))
      this.series.push({ metric: e.metric, variant: e.variant })
    }
    this.index.push(s)
    this.iter.push(e.iter)
    this.ts.push(e.timestamp)
    this.value.push(e.value ?? NaN)
  }

  build(task: string, modelEvent: boolean): ScalarColumns {
    return {
      task, modelEvent, series: this.series, seriesIndex: Int32Array.from(this.index),
      iter: Float64Array.from(this.iter), ts: Float64Array.from(this.ts), value: Float64Array.from(this.value),
    }
  }
}

interface EntityBuilder { entity: DecodedEntity; scalars: ScalarBuilder | undefined }

function toLogRow(e: LogEvent): LogRow {
  return { task: e.task, timestamp: e.timestamp, iter: e.iter, level: e.level, worker: e.worker, metric: e.metric, variant: e.variant, msg: e.msg }
}

function toSampleRow(e: Exclude<IngestEvent, ScalarEvent | LogEvent>, written: number): SampleRow {
  const { type, task, metric, variant, modelEvent, iter, timestamp, worker } = e
  const row: SampleRow = {
    type, task, metric, variant, modelEvent, iter, timestamp, written, worker, key: '', url: null, body: null, sourceUrls: [],
  }
  if (e.type === 'plot') {
    row.body = e.plotStr
    row.sourceUrls = plotSourceUrls(e.plotStr)
    if (e.validPlot !== undefined) row.validPlot = e.validPlot
  } else if (e.type === 'training_debug_image') {
    row.key = e.key
    row.url = e.url
  } else {
    row.body = JSON.stringify(e.values)
  }
  return row
}

/** Builders by entity: tasks and models apart, since one id could in principle name either. */
class EntityIndex {
  /** In the order the batch first named them. */
  readonly order: EntityBuilder[] = []
  private readonly tasks = new Map<string, EntityBuilder>()
  private readonly models = new Map<string, EntityBuilder>()
  private last: EntityBuilder | undefined

  for(e: IngestEvent, ref: EventRef): EntityBuilder {
    // A batch is mostly one task's events: the previous builder usually matches.
    const last = this.last
    if (last && last.entity.id === e.task && last.entity.modelEvent === e.modelEvent) return last
    const map = e.modelEvent ? this.models : this.tasks
    let b = map.get(e.task)
    if (!b) {
      const entity: DecodedEntity = {
        id: e.task, modelEvent: e.modelEvent, allowLocked: ref.allowLocked, events: 0, scalars: undefined, logs: [], samples: [],
        summary: newEntitySummary(),
      }
      map.set(e.task, (b = { entity, scalars: undefined }))
      this.order.push(b)
    }
    this.last = b
    return b
  }
}

export function decodeItems(items: readonly RawEventItem[], defaults: ParseDefaults): DecodedBatch {
  const counter = new ErrorCounter()
  const raws: Record<string, unknown>[] = []
  const refs: EventRef[] = []
  for (const item of items) {
    if (!item.ok) counter.add(item.error)
    else if (!isJsonObject(item.value)) counter.add('An event must be a JSON object')
    else {
      raws.push(item.value)
      refs.push(eventRef(item.value))
    }
  }
  const inconsistency = findBatchInconsistency(refs)
  if (inconsistency) return { items: items.length, errors: counter.info, inconsistency, entities: [] }
  const index = new EntityIndex()
  for (let i = 0; i < raws.length; i++) {
    const e = parseEvent(raws[i], refs[i], defaults)
    if (typeof e === 'string') {
      counter.add(e)
      continue
    }
    const b = index.for(e, refs[i])
    b.entity.events += 1
    if (e.type === 'training_stats_scalar') (b.scalars ??= new ScalarBuilder()).add(e)
    else if (e.type === 'log') b.entity.logs.push(toLogRow(e))
    else b.entity.samples.push(toSampleRow(e, defaults.nowMs))
    addToSummary(b.entity.summary, e)
  }
  const entities = index.order.map(({ entity, scalars }) => ({ ...entity, scalars: scalars?.build(entity.id, entity.modelEvent) }))
  return { items: items.length, errors: counter.info, entities }
}

export const decodeJsonLines = (bytes: Uint8Array, defaults: ParseDefaults): DecodedBatch => decodeItems(jsonLineItems(bytes), defaults)
