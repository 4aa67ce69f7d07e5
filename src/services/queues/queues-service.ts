// Queue records: create, read (get_by_id, get_all, get_all_ex, get_default), update, delete, metadata.
import type { MetadataItem } from '../../domain/entities/model.js'
import type { QueueDoc } from '../../domain/entities/queue.js'
import type { Identity } from '../../domain/entities/user.js'
import { and, isIn, not, type Filter } from '../../domain/query/filter.js'
import { parseGetAll } from '../../domain/query/get-all.js'
import { applyProjection } from '../../domain/query/projection.js'
import { checkQueueName } from '../../domain/queues/names.js'
import { deleteMetadataKeys, mergeMetadata, metadataFromList } from '../../domain/queues/metadata.js'
import { QUEUE_SPEC } from '../../domain/queues/spec.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { companyScope, runGetAll } from '../common/get-all.js'
import type { ServiceDeps } from '../deps.js'
import { presentQueue, presentQueueEx, sliceEntries, type QueueWorker } from './present.js'
import { getDefaultQueue, getQueue, newQueueDoc } from './queue-ops.js'
import { revertRemovedTasks } from './removal.js'
import type { CreateRequest, MetadataInput, UpdateRequest } from './schemas.js'
import { queueSettings } from './settings.js'

/** Workers serving each queue (by queue id) for get_all_ex; the workers service provides it once it exists. */
export type QueueWorkersLookup = (company: string) => Promise<ReadonlyMap<string, readonly QueueWorker[]>>

export interface QueuesHooks { queueWorkers?: QueueWorkersLookup }

type GetAllRequest = Record<string, unknown> & { max_task_entries?: number | null; search_hidden?: boolean | null }

/** Tags may not start with the query operator prefix (400/16). */
function checkTags(...lists: (readonly string[] | null | undefined)[]): void {
  const bad = lists.flatMap((l) => l ?? []).filter((t) => t.startsWith('__$'))
  if (bad.length > 0) throw errors.fieldsValue('unsupported tag prefix', { values: bad })
}

function toMetadata(input: MetadataInput | null | undefined): Record<string, MetadataItem> {
  if (!input) return {}
  if (Array.isArray(input)) return metadataFromList(input)
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, { key: v.key, type: v.type, value: v.value }]))
}

export function createQueuesService(deps: ServiceDeps, hooks: QueuesHooks = {}) {
  const { store, clock, ids, log, config } = deps
  const settings = queueSettings(config)

  /** Hidden queues stay out unless the caller searches hidden ones or names queues by id or name. */
  const visibility = (request: GetAllRequest): Filter => {
    const named = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)
    if (settings.hiddenTags.length === 0 || request.search_hidden || named(request.id) || named(request.name)) return and()
    return not(isIn('system_tags', settings.hiddenTags))
  }

  const findQueues = async (tx: Repos, identity: Identity, request: GetAllRequest) => {
    const query = parseGetAll(request, QUEUE_SPEC, { maxPageSize: config.api.maxPageSize })
    const orderBy = query.orderBy.length > 0 ? query.orderBy : [{ path: ['created'], descending: false, numeric: false }]
    const result = await runGetAll(tx.queues, { ...query, orderBy }, and(companyScope(identity, false), visibility(request)))
    return { ...result, projection: query.projection }
  }

  const withScroll = (body: Record<string, unknown>, scrollId: string | undefined) =>
    (scrollId === undefined ? body : { ...body, scroll_id: scrollId })

  return {
    create: (identity: Identity, req: CreateRequest) => {
      const name = checkQueueName(req.name)
      checkTags(req.tags, req.system_tags)
      return store.transaction(async (tx) => {
        const doc = newQueueDoc({
          id: ids(), company: identity.company, name, now: clock(), displayName: req.display_name,
          tags: req.tags ?? [], systemTags: req.system_tags ?? [], metadata: toMetadata(req.metadata),
        })
        await tx.queues.insert(doc)
        return { id: doc.id }
      })
    },

    getById: (identity: Identity, id: string, maxTaskEntries?: number | null) =>
      store.read(async (tx) => ({ queue: presentQueue(await getQueue(tx, identity.company, id), maxTaskEntries) })),

    getDefault: (identity: Identity) =>
      store.read(async (tx) => {
        const queue = await getDefaultQueue(tx, identity.company)
        return { id: queue.id, name: queue.name }
      }),

    getAll: (identity: Identity, request: GetAllRequest) =>
      store.read(async (tx) => {
        const found = await findQueues(tx, identity, request)
        const queues = found.items.map((q) => applyProjection(presentQueue(q, request.max_task_entries), found.projection))
        return withScroll({ queues }, found.scrollId)
      }),

    /** Like get_all, with entries' tasks as {id, name} and each queue's workers. ClearML ignores only_fields here. */
    getAllEx: async (identity: Identity, request: GetAllRequest) => {
      const { found, taskNames } = await store.read(async (tx) => {
        const result = await findQueues(tx, identity, request)
        const taskIds = [...new Set(result.items.flatMap((q) => sliceEntries(q.entries, request.max_task_entries).map((e) => e.task)))]
        const tasks = (await tx.tasks.getMany(taskIds)).filter((t) => t.company === identity.company)
        return { found: result, taskNames: new Map(tasks.map((t) => [t.id, t.name])) }
      })
      const workers = hooks.queueWorkers ? await hooks.queueWorkers(identity.company) : new Map<string, readonly QueueWorker[]>()
      const queues = found.items.map((q) =>
        presentQueueEx(q, { maxTaskEntries: request.max_task_entries, taskNames, workers: workers.get(q.id) ?? [] }))
      return withScroll({ queues }, found.scrollId)
    },

    update: (identity: Identity, req: UpdateRequest) => {
      checkTags(req.tags, req.system_tags)
      const fields: Partial<QueueDoc> = {}
      if (req.name !== undefined) fields.name = checkQueueName(req.name)
      if (req.display_name !== undefined) fields.display_name = req.display_name
      if (req.tags !== undefined) fields.tags = req.tags
      if (req.system_tags !== undefined) fields.system_tags = req.system_tags
      if (req.metadata !== undefined) fields.metadata = toMetadata(req.metadata)
      return store.transaction(async (tx) => {
        const queue = await getQueue(tx, identity.company, req.queue)
        if (Object.keys(fields).length === 0) return { updated: 0, fields: {} }
        const next: QueueDoc = { ...queue, ...fields }
        if (next.display_name === null) delete next.display_name
        await tx.queues.update(next)
        return { updated: 1, fields }
      })
    },

    delete: (identity: Identity, id: string, force: boolean) =>
      store.transaction(async (tx) => {
        const queue = await getQueue(tx, identity.company, id)
        if (queue.entries.length > 0) {
          if (!force) throw errors.queueNotEmpty('use force=true to delete', { id })
          await revertRemovedTasks(tx, id, queue.entries.map((e) => e.task), {
            identity, now: clock(), reason: `Queue ${id} was deleted`,
            onSkip: (task, err) => log.error({ task, err }, 'failed updating task status on queue delete'),
          })
        }
        await tx.queues.delete([id])
        return { deleted: 1 }
      }),

    addOrUpdateMetadata: (identity: Identity, id: string, items: MetadataItem[], replace: boolean) =>
      store.transaction(async (tx) => {
        const queue = await getQueue(tx, identity.company, id)
        await tx.queues.update({ ...queue, metadata: mergeMetadata(queue.metadata, items, replace) })
        return { updated: 1 }
      }),

    deleteMetadata: (identity: Identity, id: string, keys: string[]) =>
      store.transaction(async (tx) => {
        const queue = await getQueue(tx, identity.company, id)
        await tx.queues.update({ ...queue, metadata: deleteMetadataKeys(queue.metadata, keys) })
        return { updated: 1 }
      }),
  }
}

export type QueuesService = ReturnType<typeof createQueuesService>
