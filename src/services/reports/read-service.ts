// reports.get_all_ex and reports.get_tags. Reports are read with the tasks query language; a `project` names
// either `.reports` folders or the projects holding them (one level down), and null names the root folder.
import type { Identity } from '../../domain/entities/user.js'
import { and, eq, isIn, or, type Filter, type OrderBy } from '../../domain/query/filter.js'
import { parseGetAll } from '../../domain/query/get-all.js'
import { REPORT_TYPE, REPORTS_PROJECT } from '../../domain/reports/reports.js'
import { TASK_QUERY_SPEC, toStoredPaths } from '../../domain/tasks/query-spec.js'
import type { Repos } from '../../store/store.js'
import { companyScope, runGetAll } from '../common/get-all.js'
import type { ServiceDeps } from '../deps.js'
import { projectAndDescendantIds } from '../projects/project-lookup.js'
import { presentTasks } from '../tasks/present.js'

type Json = Record<string, unknown>

const BY_CREATION: OrderBy = { path: ['created'], descending: false, numeric: false }

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Free text search covers the report body too: ClearML's task text index includes `report`. */
function searchText(text: unknown): Filter {
  if (typeof text !== 'string' || text.trim() === '') return { op: 'all' }
  const pattern = escapeRegex(text.trim())
  return or(...['id', 'name', 'comment', 'report'].map((f): Filter => ({ op: 'regex', path: [f], pattern, ignoreCase: true })))
}

const asProjectList = (v: unknown): (string | null)[] =>
  (Array.isArray(v) ? v : [v]).filter((p): p is string | null => typeof p === 'string' || p === null)

/** The `.reports` folders among the given projects or directly under them (null: the root folder). */
async function reportsFolders(tx: Repos, identity: Identity, projects: (string | null)[], withSubprojects: boolean): Promise<string[]> {
  let ids = projects.filter((p): p is string => p !== null)
  if (withSubprojects) ids = await projectAndDescendantIds(tx, identity.company, ids)
  const where: Filter[] = [isIn('parent', ids), isIn('id', ids)]
  if (projects.includes(null)) where.push({ op: 'empty', path: ['parent'] })
  const folders = await tx.projects.find({ filter: and(companyScope(identity), eq('basename', REPORTS_PROJECT), or(...where)) })
  return folders.map((p) => p.id)
}

export function createReportReads({ store, config }: Pick<ServiceDeps, 'store' | 'config'>) {
  const maxPageSize = config.api.maxPageSize

  async function getAllIn(tx: Repos, identity: Identity, request: Json, version: string): Promise<{ tasks: Json[]; scroll_id?: string }> {
    const { search_text: text, type: _type, include_subprojects: withSubprojects, ...rest } = request
    const scope = and(companyScope(identity, request.allow_public !== false), eq('type', REPORT_TYPE), searchText(text))
    if ('project' in rest) {
      const folders = await reportsFolders(tx, identity, asProjectList(rest.project), withSubprojects === true)
      if (folders.length === 0) return { tasks: [] }
      rest.project = folders
    }
    const parsed = toStoredPaths(parseGetAll(rest, TASK_QUERY_SPEC, { maxPageSize }))
    // Without order_by ClearML returns insertion order, which clients see as creation order.
    const query = parsed.orderBy.length > 0 ? parsed : { ...parsed, orderBy: [BY_CREATION] }
    const result = await runGetAll(tx.tasks, query, scope)
    const tasks = await presentTasks(tx, result.items, { version, projection: query.projection, extended: true })
    return result.scrollId !== undefined ? { tasks, scroll_id: result.scrollId } : { tasks }
  }

  return {
    getAllEx: (identity: Identity, request: Json, version: string) => store.read((tx) => getAllIn(tx, identity, request, version)),

    /** The tags of the company's reports (public ones not included, as in ClearML). */
    getTags: (identity: Identity) => store.read(async (tx) => {
      const reports = await tx.tasks.find({ filter: and(eq('company', identity.company), eq('type', REPORT_TYPE)) })
      return { tags: [...new Set(reports.flatMap((r) => r.tags ?? []))].sort() }
    }),
  }
}

export type ReportReads = ReturnType<typeof createReportReads>
