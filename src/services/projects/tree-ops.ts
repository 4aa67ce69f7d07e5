// projects.move and projects.merge: re-parenting a project rewrites the names and ancestor paths of its
// whole subtree, since both are stored on every descendant.
import { toApiDate } from '../../domain/dates.js'
import type { ProjectDoc } from '../../domain/entities/project.js'
import { cleanProjectName, MAX_PROJECT_DEPTH, NAME_SEPARATOR, projectDepth, renameUnder } from '../../domain/projects/names.js'
import { and, eq, isIn, not } from '../../domain/query/filter.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { CallContext } from './context.js'
import { descendantsOf } from './crud.js'
import { ensureParent, getProjectForWrite } from './project-lookup.js'

/** A project of the caller's own company (move and merge never act on public ones); 400/401 otherwise. */
async function getOwnProject(tx: Repos, ctx: CallContext, id: string): Promise<ProjectDoc> {
  const project = await tx.projects.get(id)
  if (!project || project.company !== ctx.identity.company) throw errors.invalidProjectId(undefined, { id })
  return project
}

function assertDepth(projects: readonly ProjectDoc[], oldParentDepth: number, newParentDepth: number): void {
  for (const p of projects) {
    if (p.path.length + 1 - oldParentDepth + newParentDepth > MAX_PROJECT_DEPTH) {
      throw errors.projectPathExceedsMax(undefined, { max_depth: MAX_PROJECT_DEPTH })
    }
  }
}

/** Puts `project` (and `descendants`, all of its subtree) under `parent`; returns how many projects changed. */
async function reposition(tx: Repos, o: { project: ProjectDoc; descendants: readonly ProjectDoc[]; parent: ProjectDoc | null; at: string }): Promise<number> {
  const { project, parent, at } = o
  const name = [parent?.name, project.basename].filter(Boolean).join(NAME_SEPARATOR)
  const path = parent ? [...parent.path, parent.id] : []
  const moved: ProjectDoc = { ...project, name, parent: parent?.id ?? null, path, last_update: at }
  await tx.projects.update(moved)
  for (const child of o.descendants) {
    await tx.projects.update({
      ...child,
      name: renameUnder(child.name, project.name, name),
      path: [...path, ...child.path.slice(project.path.length)],
      last_update: at,
    })
  }
  return 1 + o.descendants.length
}

async function touch(tx: Repos, project: ProjectDoc | null, at: string): Promise<void> {
  if (!project) return
  const fresh = await tx.projects.get(project.id)
  if (fresh) await tx.projects.update({ ...fresh, last_update: at })
}

export async function moveProject(tx: Repos, ctx: CallContext, o: { project: string; newLocation: string }): Promise<{ moved: number }> {
  const project = await getOwnProject(tx, ctx, o.project)
  const oldParent = project.parent ? await getProjectForWrite(tx, ctx.identity, project.parent) : null
  const descendants = await descendantsOf(tx, project.id)
  assertDepth([project, ...descendants], project.path.length, projectDepth(o.newLocation))
  const newParent = await ensureParent(tx, ctx.identity, cleanProjectName(o.newLocation).name, ctx)
  if ((oldParent?.id ?? null) === (newParent?.id ?? null)) {
    throw errors.projectSourceAndDestinationSame(undefined, { location: newParent?.name ?? '' })
  }
  if (newParent && (newParent.id === project.id || newParent.path.includes(project.id))) {
    throw errors.projectCannotBeMovedUnderItself(undefined, { project: project.id, parent: newParent.id })
  }
  const at = toApiDate(ctx.now)
  const moved = await reposition(tx, { project, descendants, parent: newParent, at })
  await touch(tx, oldParent, at)
  await touch(tx, newParent, at)
  return { moved }
}

export interface MergeResult { moved_entities: number; moved_projects: number }

export async function mergeProject(tx: Repos, ctx: CallContext, o: { source: string; destination: string | null }): Promise<MergeResult> {
  if (o.source === o.destination) throw errors.projectSourceAndDestinationSame(undefined, { source: o.source })
  const source = await getOwnProject(tx, ctx, o.source)
  const destination = o.destination ? await getOwnProject(tx, ctx, o.destination) : null
  if (destination?.path.includes(source.id)) {
    throw errors.projectCannotBeMergedIntoChild(undefined, { source: source.id, destination: destination.id })
  }
  const descendants = await descendantsOf(tx, source.id)
  if (destination) assertDepth(descendants, source.path.length + 1, destination.path.length + 1)

  const movedEntities = await moveActiveEntities(tx, ctx, source.id, destination?.id ?? null)
  const at = toApiDate(ctx.now)
  const children = descendants.filter((d) => d.parent === source.id)
  for (const child of children) {
    const subtree = descendants.filter((d) => d.path.includes(child.id))
    await reposition(tx, { project: child, descendants: subtree, parent: destination, at })
  }
  await tx.projects.delete([source.id])
  await touch(tx, destination, at)
  return { moved_entities: movedEntities, moved_projects: children.length }
}

/** ClearML moves only non-archived tasks and models; archived ones keep pointing at the merged-away project. */
async function moveActiveEntities(tx: Repos, ctx: CallContext, from: string, to: string | null): Promise<number> {
  const filter = and(eq('company', ctx.identity.company), eq('project', from), not(isIn('system_tags', ['archived'])))
  const tasks = await tx.tasks.find({ filter })
  for (const t of tasks) await tx.tasks.update({ ...t, project: to })
  const models = await tx.models.find({ filter })
  for (const m of models) await tx.models.update({ ...m, project: to })
  return tasks.length + models.length
}
