// projects.validate_delete and projects.delete. Pipeline and dataset projects (tagged, but not the `.pipelines`
// / `.datasets` folders themselves) are judged by their own rules: a pipeline counts while it has a non-archived
// controller, a dataset while it has any non-archived version.
import type { ProjectDoc } from '../../domain/entities/project.js'
import { and, eq, isIn, not, type Filter } from '../../domain/query/filter.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { deleteTasksOfProjects, disassociateTasksFromProjects, unlinkModelsFromTasks } from '../tasks/task-lookup.js'
import type { CallContext } from './context.js'
import { getProjectForWrite, projectAndDescendantIds } from './project-lookup.js'

const ARCHIVED = 'archived'
const notArchived: Filter = not(isIn('system_tags', [ARCHIVED]))

interface Subtree { all: string[]; pipelines: string[]; datasets: string[]; regular: string[] }

async function subtreeOf(tx: Repos, project: ProjectDoc): Promise<Subtree> {
  const all = await projectAndDescendantIds(tx, project.company, [project.id])
  const projects = await tx.projects.getMany(all)
  const tagged = (tag: string, folder: string) =>
    projects.filter((p) => p.system_tags.includes(tag) && p.basename !== folder).map((p) => p.id)
  const pipelines = tagged('pipeline', '.pipelines')
  const datasets = tagged('dataset', '.datasets')
  const special = new Set([...pipelines, ...datasets])
  return { all, pipelines, datasets, regular: all.filter((id) => !special.has(id)) }
}

/** How many of `projectIds` hold at least one task matching `filter`. */
async function projectsWithTasks(tx: Repos, projectIds: string[], filter: Filter): Promise<number> {
  if (projectIds.length === 0) return 0
  const tasks = await tx.tasks.find({ filter: and(isIn('project', projectIds), filter) })
  return new Set(tasks.map((t) => t.project)).size
}

const activeControllers = and(eq('type', 'controller'), notArchived)

export async function validateProjectDelete(tx: Repos, ctx: CallContext, id: string): Promise<Record<string, number>> {
  const project = await getProjectForWrite(tx, ctx.identity, id)
  const tree = await subtreeOf(tx, project)
  const inRegular = isIn('project', tree.regular)
  const none = tree.regular.length === 0
  const count = async (repo: 'tasks' | 'models', filter: Filter) => (none ? 0 : tx[repo].count(and(inRegular, filter)))
  const notReport = not(isIn('system_tags', ['reports']))
  const report = isIn('system_tags', ['reports'])
  return {
    pipelines: await projectsWithTasks(tx, tree.pipelines, activeControllers),
    datasets: await projectsWithTasks(tx, tree.datasets, notArchived),
    tasks: await count('tasks', notReport),
    non_archived_tasks: await count('tasks', and(notReport, notArchived)),
    models: await count('models', { op: 'all' }),
    non_archived_models: await count('models', notArchived),
    reports: await count('tasks', report),
    non_archived_reports: await count('tasks', and(report, notArchived)),
  }
}

export interface DeleteOptions { project: string; force: boolean; deleteContents: boolean }

export interface DeleteResult {
  deleted: number
  disassociated_tasks: number
  deleted_models: number
  deleted_tasks: number
  urls: { model_urls: string[]; artifact_urls: string[]; event_urls: string[] } | null
}

async function assertDeletable(tx: Repos, project: ProjectDoc, tree: Subtree): Promise<void> {
  if (await projectsWithTasks(tx, tree.pipelines, activeControllers)) {
    throw errors.projectHasPipelines('please archive all the controllers or use force=true', { id: project.id })
  }
  if (await projectsWithTasks(tx, tree.datasets, notArchived)) {
    throw errors.projectHasDatasets('please delete all the dataset versions or use force=true', { id: project.id })
  }
  if (tree.regular.length === 0) return
  const active = and(isIn('project', tree.regular), notArchived)
  if (await tx.tasks.count(active)) throw errors.projectHasTasks('use force=true', { id: project.id })
  if (await tx.models.count(active)) throw errors.projectHasModels('use force=true', { id: project.id })
}

export async function deleteProject(tx: Repos, ctx: CallContext, o: DeleteOptions): Promise<DeleteResult> {
  const project = await getProjectForWrite(tx, ctx.identity, o.project)
  const tree = await subtreeOf(tx, project)
  if (!o.force) await assertDeletable(tx, project, tree)
  const result: DeleteResult = { deleted: 0, disassociated_tasks: 0, deleted_models: 0, deleted_tasks: 0, urls: null }
  if (o.deleteContents) {
    const models = await deleteModelsOfProjects(tx, ctx, tree.all)
    const tasks = await deleteTasksOfProjects(tx, ctx.identity, tree.all, ctx.now)
    result.deleted_models = models.deleted
    result.deleted_tasks = tasks.deleted
    result.urls = { model_urls: models.urls, artifact_urls: tasks.artifactUrls, event_urls: [] }
  } else {
    result.disassociated_tasks = await disassociateTasksFromProjects(tx, ctx.identity.company, tree.all, ctx.now)
    const models = await tx.models.find({ filter: and(eq('company', ctx.identity.company), isIn('project', tree.all)) })
    for (const m of models) await tx.models.update({ ...m, project: null })
  }
  result.deleted = await tx.projects.delete(tree.all)
  return result
}

/** Deletes the projects' models; tasks elsewhere that used them keep a "__DELETED__" reference instead. */
async function deleteModelsOfProjects(tx: Repos, ctx: CallContext, projectIds: string[]): Promise<{ deleted: number; urls: string[] }> {
  const models = await tx.models.find({ filter: and(eq('company', ctx.identity.company), isIn('project', projectIds)) })
  if (models.length === 0) return { deleted: 0, urls: [] }
  const ids = models.map((m) => m.id)
  await unlinkModelsFromTasks(tx, ctx.identity, ids, ctx.now, { exceptProjects: projectIds })
  const urls = [...new Set(models.map((m) => m.uri).filter((u): u is string => typeof u === 'string' && u !== ''))]
  return { deleted: await tx.models.delete(ids), urls }
}
