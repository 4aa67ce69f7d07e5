// projects.get_all_ex: get_all plus references as objects, child-based selection and the optional
// statistics the web UI's project cards show.
import { and, isIn, type Filter } from '../../domain/query/filter.js'
import type { Repos } from '../../store/store.js'
import { companyScope } from '../common/get-all.js'
import type { CallContext } from './context.js'
import {
  datasetFolderStats, datasetSizes, fieldsFilter, ownContents, ownDatasets, projectsWithSelectedChildren, type ChildrenType,
} from './contents.js'
import { adjustSearch, findProjects, hiddenScope, HIDDEN_TAG, presentWithJoins, requestedIds } from './get-all.js'
import type { WireProject } from './present.js'
import type { GetAllExRequest } from './schemas.js'
import { projectStats, type TaskState } from './stats.js'

interface StatsFilter { filter: Filter; searchHidden: boolean }

/** children_type narrows the counted tasks to that kind of child (controllers, reports) and always looks in hidden projects. */
function statsFilter(req: GetAllExRequest): StatsFilter {
  if (req.include_stats_filter || !req.children_type) {
    return { filter: fieldsFilter(req.include_stats_filter), searchHidden: req.search_hidden }
  }
  const tags: Record<string, unknown> = req.children_tags_filter ? { tags: req.children_tags_filter }
    : req.children_tags?.length ? { tags: req.children_tags } : {}
  const base = fieldsFilter(tags)
  if (req.children_type === 'pipeline') return { filter: and(base, isIn('system_tags', ['pipeline']), isIn('type', ['controller'])), searchHidden: true }
  if (req.children_type === 'report') return { filter: and(base, isIn('system_tags', ['reports']), isIn('type', ['report'])), searchHidden: true }
  return { filter: base, searchHidden: req.search_hidden }
}

const statesFor = (state: TaskState | null): TaskState[] => (state === null ? ['archived', 'active'] : [state])

export async function getAllProjectsEx(
  tx: Repos, ctx: CallContext, o: { request: GetAllExRequest; maxPageSize: number },
): Promise<{ projects: WireProject[]; scroll_id?: string }> {
  const req = o.request
  const allowPublic = req.allow_public ?? (req.non_public === undefined ? true : !req.non_public)
  const ids = requestedIds(req)
  const data = adjustSearch(req, ctx, req.shallow_search)
  let selected: string[] | undefined
  if (req.active_users?.length || req.children_type) {
    const found = await projectsWithSelectedChildren(tx, {
      company: ctx.identity.company, users: req.active_users, projectIds: ids, allowPublic,
      childrenType: req.children_type as ChildrenType | null | undefined,
      childrenTags: req.children_tags, childrenTagsFilter: req.children_tags_filter,
    })
    if (found.ids.length === 0) return { projects: [] }
    data.id = found.ids
    selected = found.selected
  }
  const projection = data.only_fields ?? data.projection
  const askedWithoutTags = req.search_hidden && Array.isArray(projection) && !projection.includes('system_tags')
  if (askedWithoutTags) data[data.only_fields ? 'only_fields' : 'projection'] = [...projection, 'system_tags']
  const scope = and(companyScope(ctx.identity, allowPublic), hiddenScope(req.search_hidden, ids))
  const page = await findProjects(tx, { data, scope, maxPageSize: o.maxPageSize })
  const projects = await presentWithJoins(tx, ctx, page.docs, page.query.projection)
  if (req.search_hidden) markHidden(projects, askedWithoutTags)
  if (projects.length > 0) await addExtras(tx, ctx, { req, projects, selected })
  return page.scrollId ? { projects, scroll_id: page.scrollId } : { projects }
}

function markHidden(projects: WireProject[], dropTags: boolean): void {
  for (const p of projects) {
    const tags = Array.isArray(p.system_tags) ? (p.system_tags as string[]) : []
    if (dropTags) delete p.system_tags
    if (tags.includes(HIDDEN_TAG)) p.hidden = true
  }
}

async function addExtras(
  tx: Repos, ctx: CallContext, o: { req: GetAllExRequest; projects: WireProject[]; selected?: string[] },
): Promise<void> {
  const { req, projects } = o
  const company = ctx.identity.company
  const ids = [...new Set(projects.map((p) => String(p.id)))]
  const sf = statsFilter(req)
  const users = req.active_users
  const attach = (values: Record<string, unknown>, key?: string) => {
    for (const p of projects) {
      const v = values[String(p.id)]
      if (key) p[key] = v ?? null
      else Object.assign(p, v)
    }
  }
  if (req.check_own_contents) {
    attach(req.children_type === 'dataset'
      ? await ownDatasets(tx, ids, { company, filter: sf.filter, users })
      : await ownContents(tx, ids, { company, filter: sf.filter, state: req.stats_for_state, users }))
  }
  if (req.include_stats) {
    const common = { company, includeChildren: req.stats_with_children, users, allowedIds: o.selected }
    const { stats, children } = req.children_type === 'dataset'
      ? await datasetFolderStats(tx, ids, { ...common, filter: sf.filter })
      : await projectStats(tx, ids, {
        ...common, states: statesFor(req.stats_for_state), searchHidden: sf.searchHidden,
        taskFilter: and(sf.filter, users?.length ? isIn('user', users) : { op: 'all' }), now: ctx.now,
      })
    attach(stats, 'stats')
    attach(children, 'sub_projects')
  }
  if (req.include_dataset_stats) attach(await datasetSizes(tx, ids, { company, users }), 'dataset_stats')
}
