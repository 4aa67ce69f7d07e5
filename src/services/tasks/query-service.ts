// Reading tasks: get_by_id, get_all, get_all_ex, get_by_id_ex and get_types.
import { TASK_TYPES } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { ALL, and, eq, isIn, not, type Filter, type OrderBy } from '../../domain/query/filter.js'
import { parseGetAll } from '../../domain/query/get-all.js'
import { isVersionBelow, partitionTaskTags } from '../../domain/tasks/compat.js'
import { rewriteLegacyRequest, TASK_QUERY_SPEC, toStoredPaths } from '../../domain/tasks/query-spec.js'
import { HIDDEN_TAG } from '../../domain/tasks/task-doc.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { companyScope, runGetAll } from '../common/get-all.js'
import type { ServiceDeps } from '../deps.js'
import { projectAndDescendantIds } from '../projects/project-lookup.js'
import { presentTask, presentTasks } from './present.js'
import { getTaskForRead } from './task-lookup.js'

type Json = Record<string, unknown>

const BY_CREATION: OrderBy = { path: ['created'], descending: false, numeric: false }

export interface GetAllOptions {
  version: string
  /** The _ex endpoints: reference joins, and `allow_public` honoured (get_all always includes public tasks). */
  extended: boolean
  /** get_by_id_ex: no hidden-task filter (the ids are explicit). */
  byId?: boolean
}

export interface GetAllReply { tasks: Json[]; scroll_id?: string }

/** Below API 2.3 clients put system tags in `tags`, queries included. */
function upgradeQueryTags(request: Json, version: string): Json {
  if (!isVersionBelow(version, '2.3') || !Array.isArray(request.tags)) return request
  if (Array.isArray(request.system_tags) && request.system_tags.length > 0) return request
  const split = partitionTaskTags(request.tags.filter((t): t is string => typeof t === 'string'))
  const { tags: _tags, ...rest } = request
  // A list left empty once the system tags moved out must not turn into a condition of its own.
  return { ...rest, ...(split.tags.length > 0 ? { tags: split.tags } : {}), system_tags: split.system_tags }
}

async function withSubprojects(tx: Repos, identity: Identity, request: Json): Promise<Json> {
  const { include_subprojects: include, ...rest } = request
  if (include !== true || rest.project === undefined || rest.project === null) return rest
  const projects = (Array.isArray(rest.project) ? rest.project : [rest.project]).filter((p): p is string => typeof p === 'string')
  return { ...rest, project: await projectAndDescendantIds(tx, identity.company, projects) }
}

export function createTaskQueries(deps: ServiceDeps) {
  const { store, config } = deps

  async function getAllIn(tx: Repos, identity: Identity, raw: Json, o: GetAllOptions): Promise<GetAllReply> {
    const request = await withSubprojects(tx, identity, rewriteLegacyRequest(upgradeQueryTags(raw, o.version)))
    const parsed = toStoredPaths(parseGetAll(request, TASK_QUERY_SPEC, { maxPageSize: config.api.maxPageSize }))
    // Without order_by ClearML returns Mongo's natural (insertion) order, which clients see as creation order.
    const query = parsed.orderBy.length > 0 ? parsed : { ...parsed, orderBy: [BY_CREATION] }
    const allowPublic = o.extended ? request.allow_public !== false : true
    const hidden: Filter = query.searchHidden || o.byId ? ALL : not(isIn('system_tags', [HIDDEN_TAG]))
    const result = await runGetAll(tx.tasks, query, and(companyScope(identity, allowPublic), hidden))
    const tasks = await presentTasks(tx, result.items, { version: o.version, projection: query.projection, extended: o.extended })
    return { tasks, ...(result.scrollId !== undefined ? { scroll_id: result.scrollId } : {}) }
  }

  return {
    getById: (identity: Identity, taskId: string, version: string) =>
      store.read(async (tx) => ({ task: presentTask(await getTaskForRead(tx, identity, taskId), version) })),

    getAll: (identity: Identity, request: Json, o: GetAllOptions) => store.read((tx) => getAllIn(tx, identity, request, o)),

    getByIdEx: (identity: Identity, request: Json, version: string) => {
      if (request.id === undefined || request.id === null) throw errors.missingRequiredFields(undefined, { fields: ['id'] })
      return store.read(async (tx) => ({ tasks: (await getAllIn(tx, identity, request, { version, extended: true, byId: true })).tasks }))
    },

    /** The task types in use by the company's and public tasks, in the given projects and their descendants. */
    getTypes: (identity: Identity, projects: string[] | undefined) =>
      store.read(async (tx) => {
        let scope = companyScope(identity, true)
        if (projects?.length) scope = and(scope, isIn('project', await projectAndDescendantIds(tx, identity.company, projects)))
        const types: string[] = []
        for (const type of TASK_TYPES) if ((await tx.tasks.count(and(scope, eq('type', type)))) > 0) types.push(type)
        return { types }
      }),
  }
}

export type TaskQueries = ReturnType<typeof createTaskQueries>
