// Read-only aggregations over the tasks and models of projects: parents, users, hyperparameter names and
// values, metric/variant pairs, model metadata. Public tasks and models count too.
import type { ModelDoc } from '../../domain/entities/model.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { ALL, and, isIn, not, or, type Filter } from '../../domain/query/filter.js'
import { compilePattern, type CompiledPattern } from '../../domain/query/pattern.js'
import type { Repos } from '../../store/store.js'
import { projectAndDescendantIds } from './project-lookup.js'
import { stateFilter } from './contents.js'

const sameCompany = (company: string, allowPublic = true): Filter => isIn('company', allowPublic ? [company, ''] : [company])

/**
 * ClearML's project constraint: with sub-projects, no projects means everywhere; without, `null` (no list at
 * all) means tasks outside any project. A null inside the list also matches tasks without a project.
 */
export async function projectConstraint(
  tx: Repos, company: string, projects: readonly (string | null)[] | null | undefined, includeSubprojects: boolean,
): Promise<Filter> {
  let ids: (string | null)[]
  if (includeSubprojects) {
    if (!projects || projects.length === 0) return ALL
    const named = projects.filter((p): p is string => p !== null)
    ids = [...await projectAndDescendantIds(tx, company, named), ...(projects.includes(null) ? [null] : [])]
  } else {
    if (projects && projects.length === 0) return ALL
    ids = projects ? [...projects] : [null]
  }
  const named = ids.filter((p): p is string => p !== null)
  const parts: Filter[] = named.length > 0 ? [isIn('project', named)] : []
  if (ids.includes(null)) parts.push({ op: 'empty', path: ['project'] })
  return parts.length === 0 ? { op: 'in', path: ['project'], values: [] } : or(...parts)
}

export interface Paged<T> { total: number; remaining: number; items: T[] }

function paginate<T>(items: T[], page = 0, pageSize = 500): Paged<T> {
  const size = Math.max(1, pageSize)
  const start = Math.max(0, page) * size
  const slice = items.slice(start, start + size)
  return { total: items.length, remaining: Math.max(0, items.length - start - slice.length), items: slice }
}

/** Mongo's numericOrdering collation: digit runs compare as numbers. */
const numericCompare = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true })
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export interface TaskParent { id: string; name: string; project?: { id: string; name?: string } }

export async function taskParents(
  tx: Repos, identity: Identity, o: { projects?: (string | null)[] | null; includeSubprojects: boolean; state?: 'active' | 'archived' | 'hidden' | null; name?: string | null },
): Promise<TaskParent[]> {
  const scope = and(sameCompany(identity.company), await projectsIfAny(tx, identity.company, o.projects, o.includeSubprojects),
    stateFilter(o.state === 'hidden' ? null : o.state ?? null), not({ op: 'empty', path: ['parent'] }))
  const children = await tx.tasks.find({ filter: scope })
  const parentIds = [...new Set(children.map((t) => t.parent).filter((p): p is string => typeof p === 'string'))]
  if (parentIds.length === 0) return []
  const nameFilter: Filter = o.name ? { op: 'regex', path: ['name'], pattern: o.name, ignoreCase: false } : ALL
  const parents = await tx.tasks.find({ filter: and(sameCompany(identity.company), isIn('id', parentIds), nameFilter) })
  const projects = new Map((await tx.projects.getMany([...new Set(parents.map((p) => p.project).filter((p): p is string => !!p))]))
    .map((p) => [p.id, p.name]))
  return parents
    .map((p): TaskParent => {
      const out: TaskParent = { id: p.id, name: p.name }
      if (p.project) out.project = projects.has(p.project) ? { id: p.project, name: projects.get(p.project) } : { id: p.project }
      return out
    })
    .sort((a, b) => byText(a.name, b.name))
}

/** get_task_parents and get_user_names filter by projects only when some are given. */
async function projectsIfAny(tx: Repos, company: string, projects: (string | null)[] | null | undefined, includeSubprojects: boolean): Promise<Filter> {
  if (!projects || projects.length === 0) return ALL
  return projectConstraint(tx, company, projects, includeSubprojects)
}

export async function entityUsers(
  tx: Repos, identity: Identity, o: { entity: 'task' | 'model'; projects?: (string | null)[] | null; includeSubprojects: boolean },
): Promise<{ id: string; name: string }[]> {
  const filter = and(sameCompany(identity.company), await projectsIfAny(tx, identity.company, o.projects, o.includeSubprojects))
  const docs: (TaskDoc | ModelDoc)[] = o.entity === 'model' ? await tx.models.find({ filter }) : await tx.tasks.find({ filter })
  const ids = [...new Set(docs.map((d) => d.user).filter((u): u is string => typeof u === 'string' && u !== ''))]
  if (ids.length === 0) return []
  const users = await tx.users.find(identity.company, ids)
  return users.map((u) => ({ id: u.id, name: u.name }))
}

export async function hyperParameterNames(
  tx: Repos, identity: Identity, o: { project?: string | null; includeSubprojects: boolean; page?: number; pageSize?: number },
): Promise<Paged<{ section: string; name: string }>> {
  const constraint = await projectConstraint(tx, identity.company, o.project ? [o.project] : null, o.includeSubprojects)
  const tasks = await tx.tasks.find({ filter: and(sameCompany(identity.company), constraint, not({ op: 'empty', path: ['hyperparams'] })) })
  const seen = new Map<string, { section: string; name: string }>()
  for (const t of tasks) {
    for (const [section, params] of Object.entries(t.hyperparams ?? {})) {
      for (const name of Object.keys(params ?? {})) seen.set(JSON.stringify([section, name]), { section, name })
    }
  }
  const items = [...seen.values()].sort((a, b) => byText(a.section, b.section) || byText(a.name, b.name))
  return paginate(items, o.page, o.pageSize)
}

/** ClearML matches hyperparameter values case-insensitively. */
const valuePattern = (pattern: string | null | undefined): CompiledPattern | undefined =>
  (pattern ? compilePattern(pattern, { ignoreCase: true, field: 'pattern' }) : undefined)

export interface ValuesQuery { projects?: (string | null)[] | null; includeSubprojects: boolean; allowPublic: boolean; page?: number; pageSize?: number }

function distinctValues(values: unknown[], pattern?: CompiledPattern): string[] {
  const strings = values.filter((v): v is string => typeof v === 'string')
  return [...new Set(strings)].filter((v) => !pattern || pattern.test(v)).sort(numericCompare)
}

export async function hyperparamValues(
  tx: Repos, identity: Identity, o: ValuesQuery & { section: string; name: string; pattern?: string | null },
): Promise<{ total: number; values: string[] }> {
  const regex = valuePattern(o.pattern)
  const constraint = await projectConstraint(tx, identity.company, o.projects, o.includeSubprojects)
  const tasks = await tx.tasks.find({
    filter: and(sameCompany(identity.company, o.allowPublic), constraint, not({ op: 'empty', path: ['hyperparams', o.section, o.name] })),
  })
  const all = distinctValues(tasks.map((t) => t.hyperparams?.[o.section]?.[o.name]?.value), regex)
  const page = paginate(all, o.page, o.pageSize)
  return { total: page.total, values: page.items }
}

export interface MetricVariant { metric: string; metric_hash: string; variant: string; variant_hash: string }

export async function uniqueMetricVariants(
  tx: Repos, identity: Identity, o: { project?: string | null; includeSubprojects: boolean; ids?: string[] | null; modelMetrics: boolean },
): Promise<MetricVariant[]> {
  const constraint = await projectConstraint(tx, identity.company, o.project ? [o.project] : null, o.includeSubprojects)
  const filter = and(sameCompany(identity.company), constraint, o.ids?.length ? isIn('id', o.ids) : ALL)
  const docs: { last_metrics?: TaskDoc['last_metrics'] }[] = o.modelMetrics ? await tx.models.find({ filter }) : await tx.tasks.find({ filter })
  const found = new Map<string, MetricVariant>()
  for (const doc of docs) {
    for (const [metricHash, variants] of Object.entries(doc.last_metrics ?? {})) {
      for (const [variantHash, value] of Object.entries(variants ?? {})) {
        const key = JSON.stringify([value.metric, value.variant])
        if (!found.has(key)) found.set(key, { metric: value.metric, metric_hash: metricHash, variant: value.variant, variant_hash: variantHash })
      }
    }
  }
  return [...found.values()].sort((a, b) => byText(a.metric, b.metric) || byText(a.variant, b.variant))
}

export async function modelMetadataKeys(
  tx: Repos, identity: Identity, o: { project?: string | null; includeSubprojects: boolean; page?: number; pageSize?: number },
): Promise<Paged<string>> {
  const constraint = await projectConstraint(tx, identity.company, o.project ? [o.project] : null, o.includeSubprojects)
  const models = await tx.models.find({ filter: and(sameCompany(identity.company), constraint, not({ op: 'empty', path: ['metadata'] })) })
  const keys = [...new Set(models.flatMap((m) => Object.keys(m.metadata ?? {})))].sort(byText)
  return paginate(keys, o.page, o.pageSize)
}

export async function modelMetadataValues(
  tx: Repos, identity: Identity, o: ValuesQuery & { key: string },
): Promise<{ total: number; values: string[] }> {
  const constraint = await projectConstraint(tx, identity.company, o.projects, o.includeSubprojects)
  const models = await tx.models.find({
    filter: and(sameCompany(identity.company, o.allowPublic), constraint, not({ op: 'empty', path: ['metadata', o.key] })),
  })
  const page = paginate(distinctValues(models.map((m) => m.metadata?.[o.key]?.value)), o.page, o.pageSize)
  return { total: page.total, values: page.items }
}
