// What get_all_ex can add besides status statistics: own task/model/dataset counts, dataset-folder stats,
// the latest dataset version's size, and the selection of projects by their children (children_type,
// active_users).
import type { ProjectDoc } from '../../domain/entities/project.js'
import type { ModelDoc } from '../../domain/entities/model.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import { ALL, and, isIn, not, type Filter } from '../../domain/query/filter.js'
import { fieldPath } from '../../domain/query/field-path.js'
import { checkFilterSize } from '../../domain/query/filter-size.js'
import { listFieldFilter, structuredListFilter } from '../../domain/query/list-terms.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { childRefs, descendantsByProject, groupBy, type ChildRef, type TaskState } from './stats.js'

export type ChildrenType = 'pipeline' | 'report' | 'dataset'

const ARCHIVED = 'archived'
const sameCompany = (company: string): Filter => isIn('company', [company, ''])
const byUsers = (users: readonly string[] | null | undefined): Filter => (users?.length ? isIn('user', [...users]) : ALL)

/** A `{field: list | structured filter}` condition on tasks (include_stats_filter); 400/12 when malformed. */
export function fieldsFilter(spec: Record<string, unknown> | null | undefined): Filter {
  const parts: Filter[] = []
  for (const [field, value] of Object.entries(spec ?? {})) {
    const isList = Array.isArray(value)
    const isDict = typeof value === 'object' && value !== null && !isList
    if (!value || !(isList || isDict) || (isList && value.length === 0) || (isDict && Object.keys(value).length === 0)) {
      throw errors.validation(`Non empty list or dictionary expected for the field: ${field}`)
    }
    if (isList && !value.every((v) => typeof v === 'string')) {
      throw errors.validation(`Only string values are allowed in the list filter: ${field}`)
    }
    const path = fieldPath(field)
    parts.push(isList ? listFieldFilter(field, path, value) : structuredListFilter(field, path, value))
  }
  return checkFilterSize(and(...parts))
}

export const stateFilter = (state: TaskState | null): Filter =>
  state === null ? ALL : state === 'archived' ? isIn('system_tags', [ARCHIVED]) : not(isIn('system_tags', [ARCHIVED]))

export interface OwnContents { own_tasks: number; own_models: number }

export async function ownContents(
  tx: Repos, projectIds: string[], o: { company: string; filter: Filter; state: TaskState | null; users?: string[] | null },
): Promise<Record<string, OwnContents>> {
  const filter = and(sameCompany(o.company), isIn('project', projectIds), byUsers(o.users), o.filter, stateFilter(o.state))
  const tasks = projectIds.length ? await tx.tasks.find({ filter }) : []
  const models = projectIds.length ? await tx.models.find({ filter }) : []
  const count = (docs: (TaskDoc | ModelDoc)[], pid: string) => docs.filter((d) => d.project === pid).length
  return Object.fromEntries(projectIds.map((pid) => [pid, { own_tasks: count(tasks, pid), own_models: count(models, pid) }]))
}

const datasetFolders = (filter: Filter): Filter => and(isIn('system_tags', ['dataset']), filter)

export async function ownDatasets(
  tx: Repos, projectIds: string[], o: { company: string; filter: Filter; users?: string[] | null },
): Promise<Record<string, { own_datasets: number }>> {
  const found = projectIds.length === 0 ? [] : await tx.projects.find({
    filter: and(sameCompany(o.company), isIn('parent', projectIds), byUsers(o.users), datasetFolders(o.filter)),
  })
  return Object.fromEntries(projectIds.map((pid) => [pid, { own_datasets: found.filter((p) => p.parent === pid).length }]))
}

export interface DatasetFolderStats { datasets: { count: number; tags: string[] } }

/** children_type=dataset: the dataset projects under each project (and its sub-projects), with their tags. */
export async function datasetFolderStats(
  tx: Repos, projectIds: string[],
  o: { company: string; includeChildren: boolean; filter: Filter; users?: string[] | null; allowedIds?: string[] },
): Promise<{ stats: Record<string, DatasetFolderStats>; children: Record<string, ChildRef[]> }> {
  const children = o.includeChildren
    ? await descendantsByProject(tx, projectIds, { searchHidden: true, allowedIds: o.allowedIds })
    : new Map<string, ProjectDoc[]>()
  const relevant = new Map(projectIds.map((pid) => [pid, [pid, ...(children.get(pid) ?? []).map((c) => c.id)]]))
  const allIds = [...new Set([...relevant.values()].flat())]
  const datasets = allIds.length === 0 ? [] : await tx.projects.find({
    filter: and(sameCompany(o.company), isIn('parent', allIds), byUsers(o.users), datasetFolders(o.filter)),
  })
  const byParent = groupBy(datasets, (p) => p.parent ?? '')
  const stats: Record<string, DatasetFolderStats> = {}
  for (const pid of projectIds) {
    const members = (relevant.get(pid) ?? []).flatMap((id) => byParent.get(id) ?? [])
    stats[pid] = { datasets: { count: members.length, tags: [...new Set(members.flatMap((p) => p.tags))].sort() } }
  }
  return { stats, children: childRefs(children, projectIds) }
}

export interface DatasetSize { file_count: number; total_size: number }

/** include_dataset_stats: the sizes the SDK records in the runtime of a project's latest dataset version. */
export async function datasetSizes(
  tx: Repos, projectIds: string[], o: { company: string; users?: string[] | null },
): Promise<Record<string, DatasetSize | null>> {
  const tasks = projectIds.length === 0 ? [] : await tx.tasks.find({
    filter: and(sameCompany(o.company), isIn('project', projectIds), byUsers(o.users), stateFilter('active'),
      not({ op: 'empty', path: ['runtime'] })),
    orderBy: [{ path: ['last_update'], descending: true, numeric: false }],
  })
  const out: Record<string, DatasetSize | null> = {}
  for (const pid of projectIds) {
    const latest = tasks.find((t) => t.project === pid)
    out[pid] = latest ? {
      file_count: Number(latest.runtime.ds_file_count ?? 0),
      total_size: Number(latest.runtime.ds_total_size ?? 0),
    } : null
  }
  return out
}

export interface SelectOptions {
  company: string
  users?: string[] | null
  projectIds?: string[]
  allowPublic: boolean
  childrenType?: ChildrenType | null
  childrenTags?: string[] | null
  childrenTagsFilter?: Record<string, unknown> | null
}

/**
 * The projects that hold the requested kind of children (or that the given users were active in), with all
 * their ancestors: `ids` narrowed to the requested ids, `selected` the full set (it also limits which
 * sub-projects the statistics count).
 */
export async function projectsWithSelectedChildren(tx: Repos, o: SelectOptions): Promise<{ ids: string[]; selected: string[] }> {
  const base = and(isIn('company', o.allowPublic ? [o.company, ''] : [o.company]), byUsers(o.users))
  const tags = o.childrenTagsFilter ? structuredListFilter('tags', ['tags'], o.childrenTagsFilter)
    : o.childrenTags?.length ? listFieldFilter('tags', ['tags'], o.childrenTags) : ALL
  const within = o.projectIds?.length ? await idsWithChildren(tx, o.projectIds) : undefined
  const inProjects = (field: string): Filter => (within ? isIn(field, within) : ALL)
  const found = new Set<string>()
  const addProjects = (docs: { project?: string | null }[]) => docs.forEach((d) => d.project && found.add(d.project))
  if (o.childrenType === 'dataset' || o.childrenType === 'pipeline') {
    const [tag, folder] = o.childrenType === 'dataset' ? ['dataset', '.datasets'] : ['pipeline', '.pipelines']
    const folders = await tx.projects.find({
      filter: and(base, tags, isIn('system_tags', [tag]), not(isIn('basename', [folder])), inProjects('parent')),
    })
    folders.forEach((p) => found.add(p.id))
  } else if (o.childrenType === 'report') {
    addProjects(await tx.tasks.find({ filter: and(base, tags, isIn('system_tags', ['reports']), inProjects('project')) }))
  } else {
    ;(await tx.projects.find({ filter: and(base, inProjects('id')) })).forEach((p) => found.add(p.id))
    addProjects(await tx.tasks.find({ filter: and(base, inProjects('project')) }))
    addProjects(await tx.models.find({ filter: and(base, inProjects('project')) }))
  }
  if (found.size === 0) return { ids: [], selected: [] }
  const selected = await idsWithParents(tx, [...found])
  const ids = o.projectIds?.length ? selected.filter((id) => o.projectIds!.includes(id)) : selected
  return { ids, selected }
}

async function idsWithChildren(tx: Repos, ids: string[]): Promise<string[]> {
  const children = await tx.projects.find({ filter: isIn('path', ids) })
  return [...new Set([...ids, ...children.map((c) => c.id)])]
}

async function idsWithParents(tx: Repos, ids: string[]): Promise<string[]> {
  const projects = await tx.projects.getMany(ids)
  return [...new Set([...projects.map((p) => p.id), ...projects.flatMap((p) => p.path)])]
}
