// The status reports of a run (started/stopped/completed/failed/close/ping, sent by the SDK and the agent) and the
// user's stop and publish requests. Each call is one transaction.
import { activeDurationSec } from '../../domain/tasks/active-duration.js'
import { parseApiDate, toApiDate } from '../../domain/dates.js'
import type { TaskDoc, TaskStatus } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import type { Repos } from '../../store/store.js'
import { runBatch } from '../common/batch.js'
import type { ServiceDeps } from '../deps.js'
import { changeStatus, type StatusUpdate } from './status-change.js'
import { publishLoadedTask, publishTask } from './status-publish.js'
import { stopTask } from './status-stop.js'
import { getTaskForWrite } from './task-lookup.js'

export interface StatusChangeInput {
  task: string
  status_reason: string
  status_message: string
  force: boolean
}

type Extra = (task: TaskDoc, now: Date) => Partial<TaskDoc>

export function createTaskStatusService(deps: ServiceDeps) {
  const { store, clock, config } = deps

  const setStatus = (identity: Identity, req: StatusChangeInput, to: TaskStatus, extra?: Extra) =>
    store.transaction((tx) => setStatusIn(tx, identity, req, to, clock(), extra))

  const stopOptions = (req: { force: boolean; status_reason: string; include_pipeline_steps: boolean }) => ({
    now: clock(), force: req.force, reason: req.status_reason, includePipelineSteps: req.include_pipeline_steps,
    taskUpdateTimeoutSec: config.workers.taskUpdateTimeoutSec,
  })

  const publishOptions = (req: { force: boolean; publish_model: boolean; status_reason: string; status_message: string }) => ({
    now: clock(), force: req.force, publishModel: req.publish_model, reason: req.status_reason, message: req.status_message,
  })

  return {
    async started(identity: Identity, req: StatusChangeInput): Promise<StatusUpdate & { started: number }> {
      const res = await setStatus(identity, req, 'in_progress', keepEarliestStart)
      return { ...res, started: res.updated }
    },

    stopped: (identity: Identity, req: StatusChangeInput) =>
      setStatus(identity, req, 'stopped', (_t, now) => ({ completed: toApiDate(now) })),

    failed: (identity: Identity, req: StatusChangeInput) => setStatus(identity, req, 'failed'),

    close: (identity: Identity, req: StatusChangeInput) => setStatus(identity, req, 'closed'),

    completed: (identity: Identity, req: StatusChangeInput & { publish: boolean }) =>
      store.transaction(async (tx) => {
        const now = clock()
        const res = await setStatusIn(tx, identity, req, 'completed', now, () => ({ completed: toApiDate(now) }))
        if (!req.publish || !res.updated) return { ...res, published: 0 }
        const task = await getTaskForWrite(tx, identity, req.task)
        const published = await publishLoadedTask(tx, identity, task, {
          now, force: req.force, reason: req.status_reason, message: req.status_message,
        })
        return { ...res, fields: { ...res.fields, status: published.fields.status }, published: published.updated }
      }),

    /** The agent's keep-alive. Like ClearML, an unknown task is ignored rather than an error. */
    ping: (identity: Identity, taskId: string) =>
      store.transaction(async (tx) => {
        const task = await tx.tasks.get(taskId)
        if (!task || task.company !== identity.company) return {}
        const now = clock()
        const at = toApiDate(now)
        const started = task.status === 'in_progress' ? parseApiDate(task.started) : undefined
        const activeDuration = started ? activeDurationSec(started, now) : undefined
        await tx.tasks.update({
          ...task, last_update: at, last_change: at, last_changed_by: identity.user,
          ...(activeDuration !== undefined ? { active_duration: activeDuration } : {}),
        })
        return {}
      }),

    stop: (identity: Identity, req: StatusChangeInput & { include_pipeline_steps: boolean }) =>
      store.transaction((tx) => stopTask(tx, identity, req.task, stopOptions(req))),

    stopMany: (identity: Identity, req: { ids: string[]; status_reason: string; force: boolean; include_pipeline_steps: boolean }) =>
      runBatch(req.ids, async (id) => ({
        id, ...(await store.transaction((tx) => stopTask(tx, identity, id, stopOptions(req)))),
      })),

    publish: (identity: Identity, req: StatusChangeInput & { publish_model: boolean }) =>
      store.transaction((tx) => publishTask(tx, identity, req.task, publishOptions(req))),

    publishMany: (identity: Identity, req: { ids: string[]; status_reason: string; status_message: string; force: boolean; publish_model: boolean }) =>
      runBatch(req.ids, async (id) => ({
        id, ...(await store.transaction((tx) => publishTask(tx, identity, id, publishOptions(req)))),
      })),
  }
}

export type TaskStatusService = ReturnType<typeof createTaskStatusService>

async function setStatusIn(
  tx: Repos, identity: Identity, req: StatusChangeInput, to: TaskStatus, now: Date, extra?: Extra,
): Promise<StatusUpdate> {
  const task = await getTaskForWrite(tx, identity, req.task)
  return changeStatus(tx, task, to, {
    identity, now, force: req.force, reason: req.status_reason, message: req.status_message, extra: extra?.(task, now),
  })
}

/** A run restarted by the agent reports `started` several times; the first start date is the one that counts. */
const keepEarliestStart: Extra = (task, now) => {
  const previous = parseApiDate(task.started)
  return previous && previous.getTime() <= now.getTime() ? {} : { started: toApiDate(now) }
}
