// Project statistics for get_all_ex: task counts per status, run time, recent completions and the last run,
// per state (active / archived). A project's figures include its sub-projects' unless asked otherwise.
import { parseApiDate } from '../../domain/dates.js'
import type { ProjectDoc } from '../../domain/entities/project.js'
import { TASK_STATUSES, type TaskDoc, type TaskStatus } from '../../domain/entities/task.js'
import { ALL, and, isIn, type Filter } from '../../domain/query/filter.js'
import type { Repos } from '../../store/store.js'
import { notHidden } from './get-all.js'

export type TaskState = 'active' | 'archived'

export interface StateStats {
  status_count: Record<TaskStatus, number>
  total_tasks: number
  total_runtime: number
  completed_tasks_24h: number
  last_task_run: string | null
}

export interface ChildRef { id: string; name: string }

const DAY_MS = 24 * 3600 * 1000
const NOT_RECENTLY_COMPLETED: readonly string[] = ['queued', 'in_progress', 'failed']

export const stateOf = (tags: readonly string[] | undefined): TaskState => (tags?.includes('archived') ? 'archived' : 'active')

/** Every descendant of each project (restricted to `allowedIds` when given; hidden ones only when searched for). */
export async function descendantsByProject(
  tx: Repos, projectIds: string[], o: { searchHidden: boolean; allowedIds?: string[] },
): Promise<Map<string, ProjectDoc[]>> {
  const filter = and(
    isIn('path', projectIds),
    o.searchHidden ? ALL : notHidden,
    o.allowedIds && o.allowedIds.length > 0 ? isIn('id', o.allowedIds) : ALL,
  )
  const found = projectIds.length > 0 ? await tx.projects.find({ filter }) : []
  return new Map(projectIds.map((pid) => [pid, found.filter((p) => p.path.includes(pid))]))
}

export function childRefs(children: Map<string, ProjectDoc[]>, projectIds: string[]): Record<string, ChildRef[]> {
  return Object.fromEntries(projectIds.map((pid) => [pid, (children.get(pid) ?? [])
    .map((c) => ({ id: c.id, name: c.name }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))]))
}

const emptyCounts = (): Record<TaskStatus, number> =>
  Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>

const emptyState = (): StateStats =>
  ({ status_count: emptyCounts(), total_tasks: 0, total_runtime: 0, completed_tasks_24h: 0, last_task_run: null })

const time = (value: unknown): number | undefined => parseApiDate(value)?.getTime()

function addTask(stats: StateStats, task: TaskDoc, since: number): void {
  const status: TaskStatus = TASK_STATUSES.includes(task.status) ? task.status : 'unknown'
  stats.status_count[status] += 1
  stats.total_tasks += 1
  const started = time(task.started)
  const completed = time(task.completed)
  if (started !== undefined && completed !== undefined && completed > started) {
    stats.total_runtime += Math.floor((completed - started) / 1000)
  }
  if (completed !== undefined && completed > since && !NOT_RECENTLY_COMPLETED.includes(status)) stats.completed_tasks_24h += 1
  if (started !== undefined && (stats.last_task_run === null || started > (time(stats.last_task_run) ?? 0))) {
    stats.last_task_run = String(task.started)
  }
}

export interface StatsOptions {
  company: string
  states: TaskState[]
  includeChildren: boolean
  searchHidden: boolean
  /** Conditions on the counted tasks (include_stats_filter, children_type, active users). */
  taskFilter: Filter
  allowedIds?: string[]
  now: Date
}

export interface StatsResult {
  stats: Record<string, Partial<Record<TaskState, StateStats>>>
  children: Record<string, ChildRef[]>
}

export async function projectStats(tx: Repos, projectIds: string[], o: StatsOptions): Promise<StatsResult> {
  const children = o.includeChildren
    ? await descendantsByProject(tx, projectIds, { searchHidden: o.searchHidden, allowedIds: o.allowedIds })
    : new Map<string, ProjectDoc[]>()
  const relevant = new Map(projectIds.map((pid) => [pid, new Set([pid, ...(children.get(pid) ?? []).map((c) => c.id)])]))
  const allIds = [...new Set([...relevant.values()].flatMap((s) => [...s]))]
  const tasks = allIds.length === 0 ? [] : await tx.tasks.find({
    filter: and(isIn('company', [o.company, '']), isIn('project', allIds), o.taskFilter),
  })
  const since = o.now.getTime() - DAY_MS
  const byProject = groupBy(tasks, (t) => t.project ?? '')
  const stats: StatsResult['stats'] = {}
  for (const pid of projectIds) {
    const byState = Object.fromEntries(o.states.map((s) => [s, emptyState()])) as Partial<Record<TaskState, StateStats>>
    for (const member of relevant.get(pid) ?? []) {
      for (const task of byProject.get(member) ?? []) {
        const target = byState[stateOf(task.system_tags)]
        if (target) addTask(target, task, since)
      }
    }
    stats[pid] = byState
  }
  return { stats, children: childRefs(children, projectIds) }
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = groups.get(k)
    if (list) list.push(item)
    else groups.set(k, [item])
  }
  return groups
}
