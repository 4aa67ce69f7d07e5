// models.get_by_id, get_all, get_all_ex, get_by_id_ex and get_frameworks. Reads see the caller's company and
// public models.
import type { ModelDoc } from '../../domain/entities/model.js'
import type { Identity } from '../../domain/entities/user.js'
import { MODEL_SPEC } from '../../domain/models/spec.js'
import { and, isIn } from '../../domain/query/filter.js'
import { parseGetAll, type GetAllQuery } from '../../domain/query/get-all.js'
import { applyProjection } from '../../domain/query/projection.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { companyScope, runGetAll } from '../common/get-all.js'
import { resolveJoins, type JoinSpec } from '../common/joins.js'
import type { ServiceDeps } from '../deps.js'
import { projectAndDescendantIds } from '../projects/project-lookup.js'
import { getModelForRead } from './model-lookup.js'
import { expandReferences, withDefaults } from './present.js'

type Json = Record<string, unknown>

const MODEL_JOINS: JoinSpec = { project: 'projects', task: 'tasks', parent: 'models', user: 'users' }

export interface ModelsPage { models: Json[]; scroll_id?: string }

const asList = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')

const labelsCount = (model: ModelDoc) => ({ labels_count: Object.keys(model.labels ?? {}).length })

export function createModelReads({ store, config }: Pick<ServiceDeps, 'store' | 'config'>) {
  const maxPageSize = config.api.maxPageSize

  /** include_subprojects widens `project` to the projects' descendants before the query is parsed. */
  async function find(tx: Repos, identity: Identity, request: Json, allowPublic: boolean) {
    const { include_subprojects: withChildren, ...rest } = request
    if (withChildren === true && rest.project) rest.project = await projectAndDescendantIds(tx, identity.company, asList(rest.project))
    const query = parseGetAll(rest, MODEL_SPEC, { maxPageSize })
    return { query, result: await runGetAll(tx.models, query, companyScope(identity, allowPublic)) }
  }

  const page = (models: Json[], scrollId: string | undefined): ModelsPage =>
    (scrollId === undefined ? { models } : { models, scroll_id: scrollId })

  async function findEx(tx: Repos, identity: Identity, request: Json, o: { allowPublic: boolean; stats: boolean }) {
    const { query, result } = await find(tx, identity, request, o.allowPublic)
    const docs = result.items.map(withDefaults)
    const projection = await resolveJoins(tx, docs, query.projection, MODEL_JOINS)
    const models = docs.map((d) => expandReferences(applyProjection(d, projection, MODEL_SPEC.excludedByDefault)))
    if (o.stats) models.forEach((m, i) => { m.stats = labelsCount(result.items[i]) })
    return page(models, result.scrollId)
  }

  const project = (model: ModelDoc, query: GetAllQuery): Json =>
    applyProjection(withDefaults(model), query.projection, MODEL_SPEC.excludedByDefault)

  return {
    getById: (identity: Identity, request: Json & { model: string }) => store.read(async (tx) =>
      project(await getModelForRead(tx, identity, request.model), parseGetAll({ only_fields: request.only_fields }, MODEL_SPEC, { maxPageSize }))),

    getAll: (identity: Identity, request: Json) => store.read(async (tx) => {
      const { query, result } = await find(tx, identity, request, true)
      return page(result.items.map((m) => project(m, query)), result.scrollId)
    }),

    getAllEx: (identity: Identity, request: Json) => store.read((tx) =>
      findEx(tx, identity, request, { allowPublic: request.allow_public !== false, stats: request.include_stats === true })),

    getByIdEx: (identity: Identity, request: Json) => store.read(async (tx) => {
      if (request.id === undefined || request.id === null) throw errors.missingRequiredFields(undefined, { fields: ['id'] })
      return findEx(tx, identity, request, { allowPublic: true, stats: false })
    }),

    getFrameworks: (identity: Identity, projects: readonly string[] | null | undefined) => store.read(async (tx) => {
      const inProjects = projects?.length ? isIn('project', await projectAndDescendantIds(tx, identity.company, [...projects])) : undefined
      const models = await tx.models.find({ filter: and(companyScope(identity), ...(inProjects ? [inProjects] : [])) })
      const frameworks = new Set(models.map((m) => m.framework).filter((f): f is string => typeof f === 'string' && f !== ''))
      return { frameworks: [...frameworks].sort() }
    }),
  }
}
