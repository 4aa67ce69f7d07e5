// Console logs: get_task_log (timestamp navigation), download_task_log (the whole log, streamed page by page)
// and clear_task_log.
import { Readable } from 'node:stream'
import type { Identity } from '../../domain/entities/user.js'
import {
  compileLogLineFormat, DEFAULT_LOG_LINE_FORMAT, formatLogLine, type LogLineTemplate,
} from '../../domain/events/log-format.js'
import type { StoredLog } from '../../store/event-store.js'
import type { ServiceDeps } from '../deps.js'
import { ownerForRead, taskForEventWrite } from './access.js'
import { presentLog, type WireEvent } from './present.js'
import { errors } from '../../errors.js'
import type { ClearTaskLogRequest, GetTaskLogRequest, LegacyTaskLogRequest } from './schemas.js'
import { decodeScroll, encodeScroll } from './scroll.js'
import { LogScroll } from './scroll-states.js'

const DOWNLOAD_PAGE = 1000

export interface LogDownload { filename: string; body: Readable }

function jsonLine(l: StoredLog): string {
  // ClearML's download drops type and task and renames timestamp to asctime.
  const e = presentLog(l)
  const asctime = e.timestamp
  delete e.timestamp
  delete e.type
  delete e.task
  e.asctime = asctime
  return `${JSON.stringify(e)}\n`
}

function textLine(template: LogLineTemplate, l: StoredLog): string {
  // ClearML renames timestamp to asctime (epoch ms, not a formatted time) before formatting.
  return formatLogLine(template, { asctime: l.timestamp, timestamp: l.timestamp, level: l.level, worker: l.worker, msg: l.msg })
}

export function createLogReads({ store, clock }: Pick<ServiceDeps, 'store' | 'clock'>) {
  async function getTaskLog(identity: Identity, req: GetTaskLogRequest): Promise<{ events: WireEvent[]; returned: number; total: number }> {
    return store.read(async (tx) => {
      await ownerForRead(tx, identity, req.task, false)
      const metrics = req.metrics?.map((m) => m.metric)
      const rows = await tx.events.logs.page({
        // ClearML treats a zero from_timestamp as "from the newest/oldest".
        task: req.task, from: req.from_timestamp ? req.from_timestamp : undefined, limit: req.batch_size,
        earlier: req.navigate_earlier, metrics,
      })
      const events = rows.map(presentLog)
      // `order` only flips the page: navigating earlier yields newest first, so asc reverses it (and vice versa).
      if ((req.navigate_earlier && req.order === 'asc') || (!req.navigate_earlier && req.order === 'desc')) events.reverse()
      return { events, returned: events.length, total: await tx.events.logs.count(req.task, metrics) }
    })
  }

  async function legacyTaskLog(identity: Identity, req: LegacyTaskLogRequest) {
    const prior = req.scroll_id ? decodeScroll('log', req.scroll_id, LogScroll) : undefined
    if (req.scroll_id && (!prior || prior.task !== req.task)) throw errors.invalidScrollId(undefined, { scroll_id: req.scroll_id })
    return store.read(async (tx) => {
      await ownerForRead(tx, identity, req.task, false)
      const descending = prior ? prior.descending : req.from === 'tail'
      const limit = Math.min(req.batch_size, 10_000)
      const rows = prior?.done ? [] : await tx.events.logs.scan(req.task, { cursor: prior?.cursor ?? undefined, limit, descending })
      const last = rows[rows.length - 1]
      const cursor = last ? { timestamp: last.timestamp, id: last.id } : prior?.cursor ?? null
      const next: LogScroll = { task: req.task, descending, cursor, done: rows.length === 0 }
      const events = rows.map(presentLog)
      if ((req.order === 'desc') !== descending) events.reverse()
      return { events, returned: events.length, total: await tx.events.logs.count(req.task), scroll_id: encodeScroll('log', next) }
    })
  }

  async function downloadTaskLog(identity: Identity, req: { task: string; line_type?: string | null; line_format?: string | null }): Promise<LogDownload> {
    await store.read((tx) => ownerForRead(tx, identity, req.task, false))
    const isJson = (req.line_type ?? 'json').toLowerCase() === 'json'
    const template = isJson ? undefined : compileLogLineFormat(req.line_format ?? DEFAULT_LOG_LINE_FORMAT)
    const line = (l: StoredLog) => (template ? textLine(template, l) : jsonLine(l))
    async function* lines(): AsyncGenerator<string> {
      let cursor: { timestamp: number; id: number } | undefined
      for (;;) {
        const page = await store.read((tx) => tx.events.logs.scan(req.task, { cursor, limit: DOWNLOAD_PAGE, descending: false }))
        if (page.length === 0) return
        yield page.map(line).join('')
        const last = page[page.length - 1]
        cursor = { timestamp: last.timestamp, id: last.id }
        if (page.length < DOWNLOAD_PAGE) return
      }
    }
    return { filename: `task_${req.task}.log`, body: Readable.from(lines()) }
  }

  async function clearTaskLog(identity: Identity, req: ClearTaskLogRequest): Promise<{ deleted: number }> {
    return store.transaction(async (tx) => {
      await taskForEventWrite(tx, identity, req.task, req.allow_locked)
      const deleted = await tx.events.logs.clear({
        task: req.task,
        olderThan: req.threshold_sec ? clock().getTime() - req.threshold_sec * 1000 : undefined,
        includeMetrics: req.include_metrics ?? undefined,
        excludeMetrics: req.exclude_metrics ?? undefined,
      })
      return { deleted }
    })
  }

  return { getTaskLog, legacyTaskLog, downloadTaskLog, clearTaskLog }
}

export type LogReads = ReturnType<typeof createLogReads>
