// projects.get_all and get_all_ex: the common query language plus the project-tree rules. Without
// shallow_search a `parent` condition matches every descendant (it is applied to the ancestor `path`); with it,
// no `parent` means the top level only.
import type { ProjectDoc } from '../../domain/entities/project.js'
import { conformRequestTags, isLegacyTagsVersion } from '../../domain/projects/legacy-tags.js'
import { ALL, and, isIn, not, type Filter } from '../../domain/query/filter.js'
import { parseGetAll, type EntitySpec, type GetAllQuery } from '../../domain/query/get-all.js'
import type { Projection } from '../../domain/query/projection.js'
import type { Repos } from '../../store/store.js'
import { companyScope, runGetAll } from '../common/get-all.js'
import { resolveJoins, type JoinSpec } from '../common/joins.js'
import type { CallContext } from './context.js'
import { PROJECT_HIDDEN_FIELDS, presentProject, type WireProject } from './present.js'

export const PROJECT_SPEC: EntitySpec = {
  pattern: ['name', 'basename', 'description'],
  list: ['tags', 'system_tags', 'id', 'parent', 'path'],
  range: ['last_update'],
  datetime: [],
  equality: [],
  excludedByDefault: PROJECT_HIDDEN_FIELDS,
  numericOrder: [],
}

export const HIDDEN_TAG = 'hidden'
export const notHidden: Filter = not(isIn('system_tags', [HIDDEN_TAG]))

type Request = Record<string, unknown>

export function requestedIds(request: Request): string[] | undefined {
  const id = request.id
  if (typeof id === 'string') return [id]
  return Array.isArray(id) ? id.filter((v): v is string => typeof v === 'string') : undefined
}

/** The request as the query language should see it: tags conformed, `path` never taken from clients. */
export function adjustSearch(request: Request, ctx: CallContext, shallow: boolean): Request {
  const data: Request = conformRequestTags('project', { ...request }, isLegacyTagsVersion(ctx.version))
  delete data.path
  if (!shallow) {
    if ('parent' in data) {
      data.path = data.parent
      delete data.parent
    }
  } else if (!('parent' in data)) {
    data.parent = [null]
  }
  return data
}

export const hiddenScope = (searchHidden: boolean, ids: string[] | undefined): Filter =>
  searchHidden || (ids && ids.length > 0) ? ALL : notHidden

export interface ProjectPage { docs: ProjectDoc[]; query: GetAllQuery; scrollId?: string }

export async function findProjects(
  tx: Repos, o: { data: Request; scope: Filter; maxPageSize: number },
): Promise<ProjectPage> {
  const query = parseGetAll(o.data, PROJECT_SPEC, { maxPageSize: o.maxPageSize })
  const result = await runGetAll(tx.projects, query, o.scope)
  return { docs: result.items, query, scrollId: result.scrollId }
}

export async function getAllProjects(
  tx: Repos, ctx: CallContext, o: { request: Request; maxPageSize: number },
): Promise<{ projects: WireProject[]; scroll_id?: string }> {
  const data = adjustSearch(o.request, ctx, o.request.shallow_search === true)
  const scope = and(companyScope(ctx.identity, true), hiddenScope(o.request.search_hidden === true, requestedIds(o.request)))
  const page = await findProjects(tx, { data, scope, maxPageSize: o.maxPageSize })
  const projects = page.docs.map((d) => presentProject(d, ctx.version, page.query.projection))
  return page.scrollId ? { projects, scroll_id: page.scrollId } : { projects }
}

/** Reference fields: get_all_ex shows them as `{id}` objects and joins `<field>.<name>` from only_fields. */
const PROJECT_JOINS: JoinSpec = { parent: 'projects', user: 'users' }
const REFERENCE_FIELDS = ['company', 'user', 'parent'] as const

export async function presentWithJoins(tx: Repos, ctx: CallContext, docs: ProjectDoc[], projection: Projection | undefined): Promise<WireProject[]> {
  const copies: Record<string, unknown>[] = docs.map((d) => ({ ...d }))
  const joined = await resolveJoins(tx, copies, projection, PROJECT_JOINS)
  return copies.map((doc) => {
    const out = presentProject(doc as ProjectDoc, ctx.version, joined)
    for (const field of REFERENCE_FIELDS) {
      const value = out[field]
      if (typeof value === 'string') out[field] = value === '' ? {} : { id: value }
    }
    return out
  })
}
