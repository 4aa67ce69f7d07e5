// Which tasks or models a caller may read events of, or change events of. Reads reach public entities too;
// events are stored by entity id alone, so this check is the only tenant boundary for them.
import type { ModelDoc } from '../../domain/entities/model.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { LOCKED_TASK_STATUSES } from '../../domain/events/event-types.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { getModelForWrite } from '../models/model-lookup.js'
import { getTaskForWrite } from '../tasks/task-lookup.js'

/** What the read paths need of a task or model. */
export interface EventOwner {
  id: string
  name: string
  /** null for models. */
  status: string | null
  doc: TaskDoc | ModelDoc
}

const readable = (doc: { company: string }, identity: Identity) => doc.company === identity.company || doc.company === ''

/** The entities in request order (duplicates collapsed); 400/101 (400/201 for models) naming any not readable. */
export async function ownersForRead(tx: Repos, identity: Identity, ids: readonly string[], modelEvents: boolean): Promise<EventOwner[]> {
  const unique = [...new Set(ids)]
  const docs: (TaskDoc | ModelDoc)[] = modelEvents ? await tx.models.getMany(unique) : await tx.tasks.getMany(unique)
  const found = new Map(docs.filter((d) => readable(d, identity)).map((d) => [d.id, d]))
  const missing = unique.filter((id) => !found.has(id))
  if (missing.length > 0) {
    throw modelEvents ? errors.invalidModelId(undefined, { ids: missing }) : errors.invalidTaskId(undefined, { ids: missing })
  }
  return unique.map((id) => {
    const doc = found.get(id) as TaskDoc | ModelDoc
    return { id, name: String(doc.name ?? ''), status: modelEvents ? null : String((doc as TaskDoc).status), doc }
  })
}

export async function ownerForRead(tx: Repos, identity: Identity, id: string, modelEvents: boolean): Promise<EventOwner> {
  return (await ownersForRead(tx, identity, [id], modelEvents))[0]
}

/** A task whose events the caller may change: its own company's, and not published unless allow_locked. */
export async function taskForEventWrite(tx: Repos, identity: Identity, id: string, allowLocked: boolean): Promise<TaskDoc> {
  const task = await getTaskForWrite(tx, identity, id)
  if (!allowLocked && LOCKED_TASK_STATUSES.has(task.status)) {
    throw errors.invalidTaskId('Cannot update events for a published task', { company: identity.company, id })
  }
  return task
}

export async function modelForEventWrite(tx: Repos, identity: Identity, id: string, allowLocked: boolean): Promise<ModelDoc> {
  const model = await getModelForWrite(tx, identity, id)
  if (!allowLocked && model.ready) {
    throw errors.invalidModelId('Cannot update events for a published model', { company: identity.company, id })
  }
  return model
}
