// What deleting or resetting a task does to what it produced (ClearML's cleanup_task): published outputs block
// the operation unless forced, draft output models are deleted (unless another task uses them as input),
// published ones are kept and unlinked, and children keep a "__DELETED__<id>" parent on delete.
import { toApiDate } from '../../domain/dates.js'
import type { ModelDoc } from '../../domain/entities/model.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { and, eq, isIn, not, type Filter } from '../../domain/query/filter.js'
import { DELETED_PREFIX } from '../../domain/tasks/task-doc.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'

export interface TaskUrls { model_urls: string[]; event_urls: string[]; artifact_urls: string[] }

export interface CleanupResult {
  updated_children: number
  updated_models: number
  deleted_models: number
  urls: TaskUrls
  /** For the events hook: model events go with their models. */
  deletedModelIds: string[]
}

export interface CleanupOptions {
  force: boolean
  /** Delete: children and kept models point at "__DELETED__<id>". Reset: kept models just lose their task. */
  updateChildren: boolean
  deleteOutputModels: boolean
  now: Date
}

const notEmpty = (path: string[]): Filter => not({ op: 'empty', path })

/** The reply fields of a cleanup; urls only when asked for (null otherwise, as ClearML). */
export function cleanupReply(res: CleanupResult, returnFileUrls: boolean) {
  return {
    updated_children: res.updated_children,
    updated_models: res.updated_models,
    deleted_models: res.deleted_models,
    urls: returnFileUrls ? res.urls : null,
  }
}

async function outputModels(tx: Repos, task: TaskDoc, force: boolean): Promise<{ published: ModelDoc[]; draft: ModelDoc[] }> {
  if (!force) {
    const children = await tx.tasks.count(and(eq('parent', task.id), eq('status', 'published')))
    if (children > 0) throw errors.taskCannotBeDeleted('has children, use force=True', { task: task.id, children })
  }
  const byId = new Map<string, ModelDoc>()
  for (const m of await tx.models.find({ filter: eq('task', task.id) })) byId.set(m.id, m)
  const published = [...byId.values()].filter((m) => m.ready)
  if (!force && published.length > 0) {
    throw errors.taskCannotBeDeleted('has output models, use force=True', { task: task.id, models: published.length })
  }
  const listed = await tx.models.getMany((task.models?.output ?? []).map((r) => r.model))
  for (const m of listed) {
    if (byId.has(m.id)) continue
    if (m.ready && !force) throw errors.taskCannotBeDeleted('has output model, use force=True', { task: task.id, model: m.id })
    byId.set(m.id, m)
  }
  const all = [...byId.values()]
  return { published: all.filter((m) => m.ready), draft: all.filter((m) => !m.ready) }
}

/** Draft models some task (this one included) still reads as input; they are kept. */
async function modelsInUse(tx: Repos, company: string, modelIds: string[]): Promise<Set<string>> {
  if (modelIds.length === 0) return new Set()
  const wanted = new Set(modelIds)
  // The filter language cannot look inside lists of objects: narrow to tasks with input models, check here.
  const readers = await tx.tasks.find({ filter: and(isIn('company', [company, '']), notEmpty(['models', 'input'])) })
  return new Set(readers.flatMap((t) => (t.models?.input ?? []).map((r) => r.model)).filter((id) => wanted.has(id)))
}

async function relinkModels(tx: Repos, models: ModelDoc[], task: string | null, o: { at: string; user: string }): Promise<number> {
  for (const m of models) await tx.models.update({ ...m, task, last_change: o.at, last_changed_by: o.user })
  return models.length
}

export async function cleanupTask(tx: Repos, identity: Identity, task: TaskDoc, o: CleanupOptions): Promise<CleanupResult> {
  const { published, draft } = await outputModels(tx, task, o.force)
  const inUse = await modelsInUse(tx, identity.company, draft.map((m) => m.id))
  const stamp = { at: toApiDate(o.now), user: identity.user }
  const deletedRef = `${DELETED_PREFIX}${task.id}`
  const artifactUrls = (task.execution?.artifacts ?? []).filter((a) => a.mode === 'output' && a.uri).map((a) => a.uri as string)
  const modelUrls = draft.filter((m) => m.uri && !inUse.has(m.id)).map((m) => m.uri as string)

  let updatedChildren = 0
  if (o.updateChildren) {
    const children = await tx.tasks.find({ filter: eq('parent', task.id) })
    for (const child of children) {
      await tx.tasks.update({ ...child, parent: deletedRef, last_change: stamp.at, last_changed_by: stamp.user })
    }
    updatedChildren = children.length
  }

  const models = await settleModels(tx, { draft, published, inUse }, { ...o, deletedRef, stamp })
  return {
    updated_children: updatedChildren,
    ...models,
    urls: { model_urls: [...new Set(modelUrls)], event_urls: [], artifact_urls: [...new Set(artifactUrls)] },
  }
}

interface TaskModels { draft: ModelDoc[]; published: ModelDoc[]; inUse: Set<string> }

/** Deletes draft models nobody reads (when asked); every other output model is unlinked from the task. */
async function settleModels(
  tx: Repos, m: TaskModels, o: CleanupOptions & { deletedRef: string; stamp: { at: string; user: string } },
): Promise<Pick<CleanupResult, 'deleted_models' | 'updated_models' | 'deletedModelIds'>> {
  let deleted = 0
  let updated = 0
  const deletedModelIds: string[] = []
  for (const [models, deletable] of [[m.draft, true], [m.published, false]] as const) {
    if (models.length === 0) continue
    if (o.deleteOutputModels && deletable) {
      const doomed = models.filter((x) => !m.inUse.has(x.id)).map((x) => x.id)
      deleted += await tx.models.delete(doomed)
      deletedModelIds.push(...doomed)
      await relinkModels(tx, models.filter((x) => m.inUse.has(x.id)), null, o.stamp)
      continue
    }
    if (o.updateChildren) updated += await relinkModels(tx, models, o.deletedRef, o.stamp)
    else await relinkModels(tx, models, null, o.stamp)
  }
  return { deleted_models: deleted, updated_models: updated, deletedModelIds }
}

/** Steps of a pipeline: the tasks a controller task is the parent of. */
export async function pipelineSteps(tx: Repos, identity: Identity, task: TaskDoc): Promise<TaskDoc[]> {
  if (task.type !== 'controller') return []
  return tx.tasks.find({ filter: and(isIn('company', [identity.company]), eq('parent', task.id)) })
}
