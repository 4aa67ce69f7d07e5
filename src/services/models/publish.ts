// models.set_ready and models.publish_many: a model becomes ready (published), and with publish_task its
// creating task is published too (ClearML's ModelBLL.publish_model).
import type { Identity } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { runBatch } from '../common/batch.js'
import type { ServiceDeps } from '../deps.js'
import type { StatusUpdate } from '../tasks/status-change.js'
import { publishTask } from '../tasks/status-publish.js'
import { getModelForWrite, saveModel } from './model-lookup.js'

export interface PublishOptions {
  /** Publish the creating task when it is not published yet. */
  publishTask: boolean
  /** Publish it even when its status does not allow it (e.g. still running). */
  forcePublishTask: boolean
}

export interface PublishedTask { id: string; data: StatusUpdate }
export interface PublishAnswer { updated: number; published_task?: PublishedTask }

export async function publishModel(tx: Repos, identity: Identity, modelId: string, o: PublishOptions & { now: Date }): Promise<PublishAnswer> {
  const model = await getModelForWrite(tx, identity, modelId)
  if (model.ready) throw errors.modelIsReady(undefined, { company: identity.company, model: modelId })
  let published: PublishedTask | undefined
  if (model.task && o.publishTask) {
    const task = await tx.tasks.get(model.task)
    if (task && task.company === identity.company && task.status !== 'published') {
      // The model is published just below, so the task's publishing must not publish its output model itself.
      const data = await publishTask(tx, identity, task.id, { now: o.now, force: o.forcePublishTask, publishModel: false })
      published = { id: task.id, data }
    }
  }
  model.ready = true
  await saveModel(tx, model, { identity, now: o.now, touch: true })
  return published ? { updated: 1, published_task: published } : { updated: 1 }
}

export function createPublishOps({ store, clock }: Pick<ServiceDeps, 'store' | 'clock'>) {
  return {
    setReady: (identity: Identity, modelId: string, o: PublishOptions) =>
      store.transaction((tx) => publishModel(tx, identity, modelId, { ...o, now: clock() })),

    publishMany: (identity: Identity, ids: readonly string[], o: PublishOptions) => store.transaction((tx) =>
      runBatch(ids, async (id) => {
        const res = await publishModel(tx, identity, id, { ...o, now: clock() })
        return { id, updated: res.updated > 0, published_task: res.published_task ?? null }
      })),
  }
}
