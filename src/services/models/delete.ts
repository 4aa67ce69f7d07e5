// models.delete and models.delete_many (ClearML's ModelBLL.delete_model). Tasks that use the model as input keep
// a "__DELETED__<id>" reference; a published creating task keeps it as output too, with a note in output.error.
import { toApiDate } from '../../domain/dates.js'
import type { ModelDoc } from '../../domain/entities/model.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { and, eq, not } from '../../domain/query/filter.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { runBatch } from '../common/batch.js'
import type { ServiceDeps } from '../deps.js'
import { DELETED_REF } from '../tasks/task-lookup.js'
import { getModelForWrite } from './model-lookup.js'

export interface DeleteAnswer { deleted: boolean; url: string }

// The filter language cannot look inside lists of objects: narrow to tasks with input models, check here.
async function inputUsers(tx: Repos, company: string, modelId: string): Promise<TaskDoc[]> {
  const tasks = await tx.tasks.find({ filter: and(eq('company', company), not({ op: 'empty', path: ['models', 'input'] })) })
  return tasks.filter((t) => t.models.input.some((ref) => ref.model === modelId))
}

/** ClearML marks the references (`__DELETED__<model id>`, unlike projects.delete's bare marker) and stamps only
 *  last_change on the creating task: deleting a model is not a change of the task's own content. */
async function unlinkDeletedModel(tx: Repos, model: ModelDoc, o: { identity: Identity; now: Date; users: TaskDoc[] }): Promise<void> {
  const marker = `${DELETED_REF}${model.id}`
  for (const task of o.users) {
    for (const ref of task.models.input) if (ref.model === model.id) ref.model = marker
    await tx.tasks.update(task)
  }
  const creator = model.task ? await tx.tasks.get(model.task) : undefined
  if (!creator || creator.company !== o.identity.company) return
  const output = creator.models?.output ?? []
  if (creator.status === 'published') {
    for (const ref of output) if (ref.model === model.id) ref.model = marker
    creator.output = { ...creator.output, error: `model deleted on ${o.now.toISOString()}` }
  } else {
    creator.models = { input: creator.models?.input ?? [], output: output.filter((ref) => ref.model !== model.id) }
  }
  await tx.tasks.update({ ...creator, last_change: toApiDate(o.now), last_changed_by: o.identity.user })
}

export async function deleteModel(tx: Repos, identity: Identity, modelId: string, o: { force: boolean; now: Date }): Promise<DeleteAnswer> {
  const model = await getModelForWrite(tx, identity, modelId)
  const users = await inputUsers(tx, identity.company, modelId)
  if (users.length > 0 && !o.force) throw errors.modelInUse('as execution model, use force=True to delete', { num_tasks: users.length })
  const creator = model.task ? await tx.tasks.get(model.task) : undefined
  if (creator?.company === identity.company && creator.status === 'published' && !o.force) {
    throw errors.modelCreatingTaskExists('and published, use force=True to delete', { task: creator.id })
  }
  await unlinkDeletedModel(tx, model, { identity, now: o.now, users })
  const deleted = await tx.models.delete([modelId])
  return { deleted: deleted > 0, url: model.uri ?? '' }
}

export function createDeleteOps({ store, clock }: Pick<ServiceDeps, 'store' | 'clock'>) {
  return {
    delete: (identity: Identity, modelId: string, force: boolean) =>
      store.transaction((tx) => deleteModel(tx, identity, modelId, { force, now: clock() })),

    deleteMany: (identity: Identity, ids: readonly string[], force: boolean) => store.transaction((tx) =>
      runBatch(ids, async (id) => ({ id, ...(await deleteModel(tx, identity, id, { force, now: clock() })) }))),
  }
}
