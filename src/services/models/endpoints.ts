// The ClearML `models` endpoints: schema in, service call, presenter out.
import { isLegacyTagsVersion, conformRequestTags } from '../../domain/projects/legacy-tags.js'
import { errors } from '../../errors.js'
import { endpoint, type Call, type Endpoint } from '../../transport/rpc/endpoint.js'
import { compareVersions } from '../../transport/rpc/version.js'
import type { ServiceDeps } from '../deps.js'
import { conformModel, withDefaults } from './present.js'
import * as s from './schemas.js'
import { createModelsService, type ModelsService } from './service.js'

type Json = Record<string, unknown>

/** update_for_task and get_by_task_id were retired after 2.13: newer clients are sent elsewhere with 301/1. */
function assertLegacyEndpoint(call: Call, instead: string): void {
  if (compareVersions(call.requestedVersion, '2.13') > 0) throw errors.movedPermanently(`use ${instead}`)
}

/** Clients below 2.3 send system tags inside `tags`. */
const tagsIn = <T extends { tags?: unknown; system_tags?: unknown }>(req: T, call: Call): T =>
  conformRequestTags('model', req, isLegacyTagsVersion(call.requestedVersion))

const out = (doc: Json, call: Call): Json => conformModel(doc, call.requestedVersion)
const outPage = <P extends { models: Json[] }>(page: P, call: Call): P => ({ ...page, models: page.models.map((m) => out(m, call)) })
const outUpdate = <A extends { fields?: Json }>(answer: A, call: Call): A => (answer.fields ? { ...answer, fields: out(answer.fields, call) } : answer)
const publishOptions = (req: { publish_task?: boolean | null; publish_tasks?: boolean | null; force_publish_task?: boolean | null }) =>
  ({ publishTask: req.publish_task ?? req.publish_tasks ?? true, forcePublishTask: req.force_publish_task ?? false })

export const modelEndpoints = (models: ModelsService): Endpoint[] => [
  endpoint('models.get_by_id', s.Query.and(s.Model), async (req, call) => ({ model: out(await models.getById(call.identity, req), call) })),
  endpoint('models.get_by_task_id', s.Task, async (req, call) => {
    assertLegacyEndpoint(call, 'models.get_by_id/get_all apis')
    return { model: out(withDefaults(await models.getByTaskId(call.identity, req.task)), call) }
  }),
  endpoint('models.get_all', s.Query, async (req, call) => outPage(await models.getAll(call.identity, tagsIn(req, call)), call)),
  endpoint('models.get_all_ex', s.Query, async (req, call) => outPage(await models.getAllEx(call.identity, tagsIn(req, call)), call)),
  endpoint('models.get_by_id_ex', s.Query, async (req, call) => outPage(await models.getByIdEx(call.identity, tagsIn(req, call)), call)),
  endpoint('models.get_frameworks', s.GetFrameworksRequest, async (req, call) => models.getFrameworks(call.identity, req.projects)),
  endpoint('models.create', s.CreateRequest, async (req, call) => models.create(call.identity, tagsIn(req, call))),
  endpoint('models.edit', s.EditRequest, async (req, call) => outUpdate(await models.edit(call.identity, tagsIn(req, call)), call)),
  endpoint('models.update', s.UpdateRequest, async (req, call) => outUpdate(await models.update(call.identity, tagsIn(req, call)), call)),
  endpoint('models.update_for_task', s.UpdateForTaskRequest, async (req, call) => {
    assertLegacyEndpoint(call, 'tasks.add_or_update_model')
    return outUpdate(await models.updateForTask(call.identity, tagsIn(req, call)), call)
  }),
  endpoint('models.set_ready', s.SetReadyRequest, async (req, call) => models.setReady(call.identity, req.model, publishOptions(req))),
  endpoint('models.publish_many', s.PublishManyRequest, async (req, call) => models.publishMany(call.identity, req.ids, publishOptions(req))),
  endpoint('models.archive_many', s.Batch, async (req, call) => models.archiveMany(call.identity, req.ids)),
  endpoint('models.unarchive_many', s.Batch, async (req, call) => models.unarchiveMany(call.identity, req.ids)),
  endpoint('models.delete', s.DeleteRequest, async (req, call) => models.delete(call.identity, req.model, req.force ?? false)),
  endpoint('models.delete_many', s.DeleteManyRequest, async (req, call) => models.deleteMany(call.identity, req.ids, req.force ?? false)),
  endpoint('models.move', s.MoveRequest, async (req, call) =>
    models.move(call.identity, req.ids, { project: req.project, projectName: req.project_name })),
  endpoint('models.make_public', s.Batch, async (req, call) => models.setPublic(call.identity, req.ids, true), { minVersion: '2.9' }),
  endpoint('models.make_private', s.Batch, async (req, call) => models.setPublic(call.identity, req.ids, false), { minVersion: '2.9' }),
  endpoint('models.update_tags', s.UpdateTagsRequest, async (req, call) =>
    models.updateTags(call.identity, { ids: req.ids, add: req.add_tags, remove: req.remove_tags })),
  endpoint('models.add_or_update_metadata', s.AddOrUpdateMetadataRequest, async (req, call) =>
    models.addOrUpdateMetadata(call.identity, req.model, req.metadata, req.replace_metadata ?? false), { minVersion: '2.13' }),
  endpoint('models.delete_metadata', s.DeleteMetadataRequest, async (req, call) =>
    models.deleteMetadata(call.identity, req.model, req.keys), { minVersion: '2.13' }),
]

export const createModelEndpoints = (deps: ServiceDeps): Endpoint[] => modelEndpoints(createModelsService(deps))
