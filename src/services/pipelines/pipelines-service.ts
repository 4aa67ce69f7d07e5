// pipelines.start_pipeline (a new run: clone the controller task, name it "<pipeline> #N", enqueue it) and
// pipelines.delete_runs (delete controller runs of a pipeline project, never all of them).
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { and, eq } from '../../domain/query/filter.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { getQueue } from '../queues/queue-ops.js'
import { createTaskCreation } from '../tasks/create-service.js'
import { CloneRequest, DeleteManyRequest } from '../tasks/crud-schemas.js'
import { createTaskDeleteReset, NO_EVENT_HOOKS, type TaskCleanupHooks } from '../tasks/delete-reset-service.js'
import { enqueueTask } from '../tasks/enqueue-ops.js'
import type { QueueWatchCheck } from '../tasks/enqueue-service.js'
import { getTaskForRead } from '../tasks/task-lookup.js'
import type { DeleteRunsRequest, StartPipelineRequest } from './schemas.js'

export const PIPELINE_TAG = 'pipeline'

export interface PipelineHooks {
  /** The events service's cleanup, so deleted runs lose their events too. */
  cleanup?: TaskCleanupHooks
  isQueueWatched?: QueueWatchCheck
}

type Args = NonNullable<StartPipelineRequest['args']>

/** The run's arguments replace items of the Args section one by one; every other section is kept. */
function withArgs(hyperparams: TaskDoc['hyperparams'], args: Args): TaskDoc['hyperparams'] {
  const merged = structuredClone(hyperparams ?? {})
  for (const { name, value } of args) merged.Args = { ...merged.Args, [name]: { section: 'Args', name, value } }
  return merged
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Runs are named after the pipeline (the project's last path part), numbered from the second run on. */
async function nameRun(tx: Repos, task: TaskDoc): Promise<void> {
  const project = task.project ? await tx.projects.get(task.project) : undefined
  if (!project) return
  const prefix = String(project.name).split('/').pop() ?? ''
  const mask = new RegExp(`${escapeRegex(prefix)}( #\\d+)?$`)
  const runs = await tx.tasks.find({ filter: and(eq('project', project.id), eq('system_tags', PIPELINE_TAG)) })
  const count = runs.filter((t) => mask.test(t.name)).length
  await tx.tasks.update({ ...task, name: count > 0 ? `${prefix} #${count}` : prefix })
}

export function createPipelinesService(deps: ServiceDeps, hooks: PipelineHooks = {}) {
  const { store, clock, ids } = deps
  const creation = createTaskCreation(deps)
  const deletion = createTaskDeleteReset(deps, hooks.cleanup ?? NO_EVENT_HOOKS)
  const isQueueWatched = hooks.isQueueWatched ?? (async () => false)

  const enqueueRun = (identity: Identity, runId: string, queue: string | undefined) =>
    store.transaction(async (tx) => {
      const run = await tx.tasks.get(runId)
      if (run) await nameRun(tx, run)
      return enqueueTask(tx, identity, runId, { now: clock(), newId: ids, queue, reason: '', message: 'Starting pipeline' })
    })

  return {
    async startPipeline(identity: Identity, req: StartPipelineRequest) {
      const queue = req.queue ?? undefined
      // Checked first so a bad task or queue id leaves no orphan clone behind.
      const source = await store.read(async (tx) => {
        if (queue) await getQueue(tx, identity.company, queue)
        return getTaskForRead(tx, identity, req.task)
      })
      const hyperparams = req.args?.length ? withArgs(source.hyperparams, req.args) : undefined
      const { id } = await creation.clone(identity, CloneRequest.parse({ task: req.task, new_task_hyperparams: hyperparams }))
      let res: Awaited<ReturnType<typeof enqueueRun>>
      try {
        res = await enqueueRun(identity, id, queue)
      } catch (err) {
        await store.transaction((tx) => tx.tasks.delete([id]))
        throw err
      }
      const out: Record<string, unknown> = { pipeline: id, enqueued: Boolean(res.queued) }
      if (req.verify_watched_queue && res.queued) out.queue_watched = await isQueueWatched(identity.company, res.queueId)
      return out
    },

    async deleteRuns(identity: Identity, req: DeleteRunsRequest) {
      const runs = await store.read((tx) => tx.tasks.find({
        filter: and(eq('company', identity.company), eq('project', req.project), eq('type', 'controller')),
      }))
      const existing = new Set(runs.map((t) => t.id))
      if (![...existing].some((id) => !req.ids.includes(id))) throw errors.cannotRemoveAllRuns(undefined, { project: req.project })
      // Only controller runs of this project are deleted, whatever else the ids name.
      const toDelete = [...new Set(req.ids)].filter((id) => existing.has(id))
      if (toDelete.length === 0) return { succeeded: [], failed: [] }
      return deletion.deleteMany(identity, DeleteManyRequest.parse({
        ids: toDelete, force: true, move_to_trash: false, delete_output_models: true, include_pipeline_steps: true,
        status_reason: 'Pipeline run deleted', status_message: '',
      }))
    },
  }
}

export type PipelinesService = ReturnType<typeof createPipelinesService>
