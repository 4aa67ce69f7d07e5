// tasks.delete / delete_many and tasks.reset / reset_many. Each task is one transaction (a batch reports each
// id on its own); events go after the commit, through the events hook.
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { defaultExecution, defaultScript, isArchived } from '../../domain/tasks/task-doc.js'
import { errors, isApiError } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { runBatch } from '../common/batch.js'
import type { ServiceDeps } from '../deps.js'
import { touchProject } from '../projects/project-lookup.js'
import { removeTaskFromQueues } from '../queues/queue-ops.js'
import type { DeleteManyRequest, DeleteRequest, ResetManyRequest, ResetRequest } from './crud-schemas.js'
import { changeStatus, dequeueTask } from './status-change.js'
import { cleanupReply, cleanupTask, pipelineSteps, type CleanupResult } from './task-cleanup.js'
import { getTaskForWrite } from './task-lookup.js'

/** Called after a delete or reset commits, to drop the tasks' events (and those of deleted models). */
export type DeleteTaskEvents = (company: string, taskIds: readonly string[], o: { modelIds: readonly string[] }) => Promise<void>

export interface TaskCleanupHooks {
  deleteTaskEvents: DeleteTaskEvents
}

/** For callers without an events store (tests, tools): nothing to drop. The registry passes the events service's. */
export const NO_EVENT_HOOKS: TaskCleanupHooks = { deleteTaskEvents: async () => {} }

type DeleteOptions = Omit<DeleteRequest, 'task'>
type ResetOptions = Omit<ResetRequest, 'task'>

/** The status fields reset reports (ClearML leaves its set/unset commands out of `fields`). */
const STATUS_FIELDS = ['status', 'status_reason', 'status_message', 'status_changed', 'last_update', 'last_change', 'last_changed_by']

interface Deleted { cleanup: CleanupResult; taskIds: string[] }
interface Reset { cleanup: CleanupResult; removed: number | undefined; updated: number; fields: Record<string, unknown> }

export function createTaskDeleteReset(deps: ServiceDeps, hooks: TaskCleanupHooks) {
  const { store, clock } = deps

  async function deleteOne(tx: Repos, identity: Identity, task: TaskDoc, o: DeleteOptions & { now: Date }): Promise<CleanupResult> {
    try {
      await dequeueTask(tx, task, { identity, now: o.now, reason: o.status_reason, message: o.status_message, removeFromAllQueues: true })
    } catch (err) {
      // The task may not be queued at all, or its queue may be gone: deleting goes on regardless.
      if (!isApiError(err)) throw err
    }
    const cleanup = await cleanupTask(tx, identity, task, {
      force: o.force, updateChildren: true, deleteOutputModels: o.delete_output_models, now: o.now,
    })
    await tx.tasks.delete([task.id])
    return cleanup
  }

  const deleteIn = (identity: Identity, taskId: string, o: DeleteOptions) =>
    store.transaction(async (tx): Promise<Deleted> => {
      const now = clock()
      const task = await getTaskForWrite(tx, identity, taskId)
      if (task.status !== 'created' && !isArchived(task) && !o.force) {
        throw errors.taskCannotBeDeleted('due to status, use force=True', { task: task.id, expected: 'created', current: task.status })
      }
      const taskIds = [task.id]
      const steps = o.include_pipeline_steps ? await pipelineSteps(tx, identity, task) : []
      for (const step of steps) {
        await deleteOne(tx, identity, step, { ...o, force: true, now })
        taskIds.push(step.id)
      }
      const cleanup = await deleteOne(tx, identity, task, { ...o, now })
      await touchProject(tx, task.project, now)
      return { cleanup, taskIds }
    })

  const resetIn = (identity: Identity, taskId: string, o: ResetOptions) =>
    store.transaction(async (tx): Promise<Reset> => {
      const now = clock()
      const task = await getTaskForWrite(tx, identity, taskId)
      if (!o.force && task.status === 'published') throw errors.invalidTaskStatus(undefined, { task_id: task.id, status: task.status })
      const queue = task.status === 'queued' ? task.execution?.queue : undefined
      const removed = queue ? await removeTaskFromQueues(tx, task.company, task.id, queue) : undefined
      await removeTaskFromQueues(tx, task.company, task.id)
      const cleanup = await cleanupTask(tx, identity, task, {
        force: o.force, updateChildren: false, deleteOutputModels: o.delete_output_models, now,
      })
      const res = await changeStatus(tx, task, 'created', {
        identity, now, force: o.force, reason: 'reset', message: 'reset', extra: resetFields(task, o.clear_all),
      })
      const fields = Object.fromEntries(STATUS_FIELDS.filter((k) => k in res.fields).map((k) => [k, res.fields[k]]))
      return { cleanup, removed, updated: res.updated, fields }
    })

  const dropEvents = (identity: Identity, taskIds: string[], cleanups: CleanupResult[]) =>
    hooks.deleteTaskEvents(identity.company, taskIds, { modelIds: cleanups.flatMap((c) => c.deletedModelIds) })

  return {
    delete: async (identity: Identity, req: DeleteRequest) => {
      const done = await deleteIn(identity, req.task, req)
      await dropEvents(identity, done.taskIds, [done.cleanup])
      return { deleted: true, ...cleanupReply(done.cleanup, req.return_file_urls) }
    },

    deleteMany: async (identity: Identity, req: DeleteManyRequest) => {
      const done: Deleted[] = []
      const res = await runBatch(req.ids, async (id) => {
        const one = await deleteIn(identity, id, req)
        done.push(one)
        return { id, deleted: true, ...cleanupReply(one.cleanup, req.return_file_urls) }
      })
      if (done.length > 0) await dropEvents(identity, done.flatMap((d) => d.taskIds), done.map((d) => d.cleanup))
      return res
    },

    reset: async (identity: Identity, req: ResetRequest) => {
      const done = await resetIn(identity, req.task, req)
      await dropEvents(identity, [req.task], [done.cleanup])
      const { urls, deleted_models } = cleanupReply(done.cleanup, req.return_file_urls)
      return {
        updated: done.updated, fields: done.fields, ...(done.removed !== undefined ? { dequeued: { removed: done.removed } } : {}),
        deleted_models, urls,
      }
    },

    resetMany: async (identity: Identity, req: ResetManyRequest) => {
      const done: { id: string; cleanup: CleanupResult }[] = []
      const res = await runBatch(req.ids, async (id) => {
        const one = await resetIn(identity, id, req)
        done.push({ id, cleanup: one.cleanup })
        const { urls, deleted_models } = cleanupReply(one.cleanup, req.return_file_urls)
        return { id, updated: one.updated, fields: one.fields, dequeued: Boolean(one.removed), deleted_models, urls }
      })
      if (done.length > 0) await dropEvents(identity, done.map((d) => d.id), done.map((d) => d.cleanup))
      return res
    },
  }
}

/** What reset clears: the run's results and bookkeeping; with clear_all also the script and execution. */
function resetFields(task: TaskDoc, clearAll: boolean): Partial<TaskDoc> {
  const { result: _result, error: _error, ...output } = task.output ?? {}
  const fields: Partial<TaskDoc> = {
    last_iteration: 0, last_metrics: {}, unique_metrics: [], metric_stats: {}, runtime: {},
    models: { input: task.models?.input ?? [], output: [] },
    output,
    last_worker: undefined, last_worker_report: undefined, started: undefined, completed: undefined,
    published: undefined, active_duration: undefined, enqueue_status: undefined,
  }
  if (clearAll) return { ...fields, execution: defaultExecution(), script: defaultScript() }
  const { queue: _queue, ...execution } = task.execution ?? {}
  return { ...fields, execution: { ...execution, artifacts: (execution.artifacts ?? []).filter((a) => a.mode === 'input') } }
}
