// tasks.publish (and completed with publish=true, and models.set_ready with publish_task): a published task is
// frozen, so its last output model is published with it.
import { toApiDate } from '../../domain/dates.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { canTransition } from '../../domain/tasks/status.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { changeStatus, type StatusUpdate } from './status-change.js'
import { getTaskForWrite } from './task-lookup.js'

export interface PublishOptions {
  now: Date
  force?: boolean
  /** Also publish the task's last output model when it is not ready yet (default true). */
  publishModel?: boolean
  reason?: string
  message?: string
}

/** Publishes a task of the caller's company (400/101, 403/21; 400/110 unless its status allows it or `force`). */
export async function publishTask(tx: Repos, identity: Identity, taskId: string, o: PublishOptions): Promise<StatusUpdate> {
  const task = await getTaskForWrite(tx, identity, taskId)
  return publishLoadedTask(tx, identity, task, o)
}

export async function publishLoadedTask(tx: Repos, identity: Identity, task: TaskDoc, o: PublishOptions): Promise<StatusUpdate> {
  if (!o.force && !canTransition(task.status, 'published')) {
    throw errors.invalidTaskStatus('Invalid status change', { current_status: task.status, new_status: 'published' })
  }
  if (o.publishModel ?? true) await publishLastOutputModel(tx, identity, task, o.now)
  // ClearML passes through `publishing` while it publishes the model; one transaction makes that state invisible.
  return changeStatus(tx, task, 'published', {
    identity, now: o.now, force: true, reason: o.reason, message: o.message,
    extra: { published: toApiDate(o.now), output: task.output ?? {} },
  })
}

async function publishLastOutputModel(tx: Repos, identity: Identity, task: TaskDoc, now: Date): Promise<void> {
  const last = task.models?.output?.at(-1)
  if (!last) return
  const model = await tx.models.get(last.model)
  if (!model || model.company !== identity.company || model.ready) return
  const at = toApiDate(now)
  await tx.models.update({ ...model, ready: true, last_update: at, last_change: at, last_changed_by: identity.user })
}
