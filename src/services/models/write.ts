// models.create, models.edit and models.update: one transaction each.
import { toApiDate } from '../../domain/dates.js'
import type { ModelDoc } from '../../domain/entities/model.js'
import type { Identity } from '../../domain/entities/user.js'
import { USER_SETTABLE_FIELDS } from '../../domain/models/fields.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { DELETED_REF, getTaskForWrite } from '../tasks/task-lookup.js'
import { assertReferencesExist, given, toStored, writeModelFields, type Fields } from './changes.js'
import { getModelForWrite } from './model-lookup.js'
import type { CreateRequest, EditRequest, UpdateRequest } from './schemas.js'
import { recordTaskStatistics } from './task-statistics.js'

export interface UpdateAnswer { updated: number; fields: Fields }

const CREATE_FIELDS = ['name', 'uri', 'comment', 'tags', 'system_tags', 'framework', 'design', 'labels', 'project', 'parent', 'task', 'metadata', 'ui_cache'] as const
const EDIT_FIELDS = ['name', 'uri', 'comment', 'tags', 'system_tags', 'framework', 'design', 'labels', 'ready', 'project', 'parent', 'task', 'metadata'] as const

/** A new model document; `fields` are already in stored form. */
export function newModelDoc(o: { id: string; company: string; identity: Identity; now: Date; fields: Fields }): ModelDoc {
  const at = toApiDate(o.now)
  return {
    id: o.id,
    company: o.company,
    user: o.identity.user,
    name: '',
    created: at,
    last_update: at,
    last_change: at,
    last_changed_by: o.identity.user,
    tags: [],
    system_tags: [],
    uri: '',
    design: {},
    labels: {},
    ready: true,
    ui_cache: {},
    metadata: {},
    last_iteration: 0,
    ...o.fields,
  } as ModelDoc
}

/** Fields models.update reads; `uri` resets the UI cache (the model changed) unless a new cache comes along. */
async function checkedUpdateData(tx: Repos, identity: Identity, data: Fields): Promise<Fields> {
  if (data.uri !== undefined && data.uri !== null) data.ui_cache = data.ui_cache ?? {}
  if (typeof data.task === 'string') await getTaskForWrite(tx, identity, data.task)
  return data
}

/** ClearML's _update_model: checks everything the request carries, writes only the user-settable fields. */
export async function updateModel(tx: Repos, identity: Identity, model: ModelDoc, request: Fields, now: Date): Promise<UpdateAnswer> {
  const data = await checkedUpdateData(tx, identity, { ...request })
  // Labels are checked though models.update cannot write them, as in ClearML.
  toStored(given(data, ['labels', 'tags', 'system_tags']))
  if (typeof data.task === 'string' && typeof data.iteration === 'number') {
    await recordTaskStatistics(tx, identity, data.task, { now, iteration: data.iteration })
  }
  const settable = given(data, USER_SETTABLE_FIELDS)
  // A null project moves the model to the root, as ClearML's update writes None.
  if (data.project === null) settable.project = null
  if (Object.keys(settable).length === 0) return { updated: 0, fields: {} }
  return { updated: 1, fields: await writeModelFields(tx, model, toStored(settable), { identity, now }) }
}

export function createModelWrites({ store, clock, ids }: Pick<ServiceDeps, 'store' | 'clock' | 'ids'>) {
  return {
    create: (identity: Identity, request: CreateRequest) => store.transaction(async (tx) => {
      const company = request.public ? '' : identity.company
      if (request.project) {
        const project = await tx.projects.get(request.project)
        if (!project || project.company !== company) throw errors.validation('Invalid project ids', { project: request.project })
      }
      if (request.task) await getTaskForWrite(tx, identity, request.task)
      const fields = toStored(given(request, CREATE_FIELDS))
      const model = newModelDoc({ id: ids(), company, identity, now: clock(), fields: { ...fields, ready: request.ready ?? true } })
      await tx.models.insert(model)
      return { id: model.id, created: true }
    }),

    edit: (identity: Identity, request: EditRequest) => store.transaction(async (tx): Promise<UpdateAnswer> => {
      const now = clock()
      const model = await getModelForWrite(tx, identity, request.model)
      const raw = given(request, EDIT_FIELDS)
      // Tasks deleted since the client read them leave "__DELETED__<id>" references; ClearML ignores those here.
      if (typeof raw.task === 'string' && raw.task.startsWith(DELETED_REF)) delete raw.task
      await assertReferencesExist(tx, raw)
      if (raw.uri !== undefined) raw.ui_cache = {}
      if (typeof raw.task === 'string') await getTaskForWrite(tx, identity, raw.task)
      const fields = toStored(raw)
      const taskId = model.task || (fields.task as string | undefined)
      if (taskId && typeof request.iteration === 'number') {
        await recordTaskStatistics(tx, identity, taskId, { now, iteration: request.iteration })
      }
      if (Object.keys(fields).length === 0) return { updated: 0, fields: {} }
      return { updated: 1, fields: await writeModelFields(tx, model, fields, { identity, now }) }
    }),

    update: (identity: Identity, request: UpdateRequest) => store.transaction(async (tx) => {
      const model = await getModelForWrite(tx, identity, request.model)
      const { model: _id, ...data } = request
      return updateModel(tx, identity, model, data, clock())
    }),
  }
}
