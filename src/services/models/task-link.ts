// The pre-2.13 model endpoints keyed by task: models.update_for_task and models.get_by_task_id. Newer clients use
// tasks.add_or_update_model; the endpoints answer 301 above 2.13 (checked in endpoints.ts).
import type { ModelDoc } from '../../domain/entities/model.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { getTaskForWrite } from '../tasks/task-lookup.js'
import { assertReferencesExist, given, toStored } from './changes.js'
import { getModelForRead, getModelForWrite } from './model-lookup.js'
import type { UpdateForTaskRequest } from './schemas.js'
import { recordTaskStatistics } from './task-statistics.js'
import { newModelDoc, updateModel, type UpdateAnswer } from './write.js'

const UPDATABLE_STATUSES = ['created', 'in_progress']

export type UpdateForTaskAnswer = { id: string; created: boolean } & Partial<UpdateAnswer>

/** The new output model inherits what the task knows: project, framework, design, labels, its input model. */
function inheritedFromTask(task: TaskDoc): Record<string, unknown> {
  return {
    project: task.project ?? null,
    framework: task.execution?.framework ?? null,
    parent: task.models?.input?.[0]?.model ?? null,
    design: task.execution?.model_desc ?? {},
    labels: task.execution?.model_labels ?? {},
    ready: task.status === 'published',
  }
}

async function createOutputModel(tx: Repos, o: { identity: Identity; task: TaskDoc; request: Record<string, unknown>; now: Date; id: string }) {
  const raw = given(o.request, ['name', 'uri', 'comment', 'tags', 'system_tags', 'task'])
  await assertReferencesExist(tx, raw)
  const fields = { ...inheritedFromTask(o.task), ...toStored(raw) }
  const model: ModelDoc = newModelDoc({ id: o.id, company: o.identity.company, identity: o.identity, now: o.now, fields })
  await tx.models.insert(model)
  return model
}

export function createTaskLinkOps({ store, clock, ids }: Pick<ServiceDeps, 'store' | 'clock' | 'ids'>) {
  return {
    updateForTask: (identity: Identity, request: UpdateForTaskRequest) => store.transaction(async (tx): Promise<UpdateForTaskAnswer> => {
      if (!request.uri === !request.override_model_id) {
        throw errors.missingRequiredFields('exactly one field is required', { fields: ['uri', 'override_model_id'] })
      }
      const now = clock()
      const task = await getTaskForWrite(tx, identity, request.task)
      if (!UPDATABLE_STATUSES.includes(task.status)) {
        throw errors.invalidTaskStatus(`model can only be updated for tasks in the ${UPDATABLE_STATUSES.join(', ')} states`, { id: task.id })
      }
      if (request.override_model_id) {
        const model = await getModelForWrite(tx, identity, request.override_model_id)
        await recordTaskStatistics(tx, identity, task.id, { now, iteration: request.iteration, outputModel: model.id })
        return { id: model.id, created: true }
      }
      const data = { ...request, name: request.name ?? task.name, comment: request.comment ?? `Created by task \`${task.name}\` (${task.id})` }
      const existing = task.models?.output?.at(-1)?.model
      if (existing) {
        const answer = await updateModel(tx, identity, await getModelForWrite(tx, identity, existing), data, now)
        return { ...answer, id: existing, created: false }
      }
      const model = await createOutputModel(tx, { identity, task, request: data, now, id: ids() })
      await recordTaskStatistics(tx, identity, task.id, { now, iteration: request.iteration, outputModel: model.id })
      return { id: model.id, created: true }
    }),

    getByTaskId: (identity: Identity, taskId: string) => store.read(async (tx) => {
      const task = await tx.tasks.get(taskId)
      if (!task || task.company !== identity.company) throw errors.invalidTaskId(undefined, { id: taskId, company: identity.company })
      const last = task.models?.output?.at(-1)
      if (!last) throw errors.missingTaskFields(undefined, { field: 'models.output' })
      return getModelForRead(tx, identity, last.model)
    }),
  }
}
