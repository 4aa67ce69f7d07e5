// Tag listings: the tags used by tasks or models (per project, sub-projects included, or company-wide) and by
// projects themselves. Only the caller's own company is searched, as ClearML does.
import { and, isIn, type Filter } from '../../domain/query/filter.js'
import { listFieldFilter } from '../../domain/query/list-terms.js'
import type { Repos } from '../../store/store.js'
import { projectAndDescendantIds } from './project-lookup.js'

export interface TagsFilterInput { tags?: string[] | null; system_tags?: string[] | null }
export interface TagsQuery { company: string; includeSystem: boolean; filter?: TagsFilterInput | null; projects?: string[] | null }
export interface TagsResult { tags: string[]; system_tags?: string[] }

export function tagsFilter(input: TagsFilterInput | null | undefined): Filter {
  const parts: Filter[] = []
  for (const field of ['tags', 'system_tags'] as const) {
    const values = input?.[field]
    if (values && values.length > 0) parts.push(listFieldFilter(field, [field], values))
  }
  return and(...parts)
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort()

interface Tagged { tags?: string[]; system_tags?: string[] }

function collect(docs: Tagged[], includeSystem: boolean): TagsResult {
  const tags = sorted(docs.flatMap((d) => d.tags ?? []))
  return includeSystem ? { tags, system_tags: sorted(docs.flatMap((d) => d.system_tags ?? [])) } : { tags }
}

/** Tags of tasks or models; `system_tags` is present only when asked for. */
export async function entityTags(tx: Repos, entity: 'tasks' | 'models' | 'both', q: TagsQuery): Promise<TagsResult> {
  const projects = q.projects?.length ? await projectAndDescendantIds(tx, q.company, q.projects) : undefined
  const filter = and(isIn('company', [q.company]), tagsFilter(q.filter), projects ? isIn('project', projects) : { op: 'all' })
  const docs: Tagged[] = []
  if (entity !== 'models') docs.push(...await tx.tasks.find({ filter }))
  if (entity !== 'tasks') docs.push(...await tx.models.find({ filter }))
  return collect(docs, q.includeSystem)
}

/** Tags of the projects themselves; both lists are always present. */
export async function projectTags(tx: Repos, q: TagsQuery): Promise<Required<TagsResult>> {
  const ids = q.projects?.length ? await projectAndDescendantIds(tx, q.company, q.projects) : undefined
  const docs = await tx.projects.find({
    filter: and(isIn('company', [q.company]), tagsFilter(q.filter), ids ? isIn('id', ids) : { op: 'all' }),
  })
  const result = collect(docs, true)
  return { tags: result.tags, system_tags: q.includeSystem ? result.system_tags ?? [] : [] }
}
