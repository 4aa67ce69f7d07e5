// Task document endpoints (create … make_private). Handlers only wire; the rules live in the *-service.ts files.
// ClearML registers all of these at min_version 1.0 except make_public / make_private (2.9).
import { endpoint, type Endpoint } from '../../transport/rpc/endpoint.js'
import type { ServiceDeps } from '../deps.js'
import * as s from './crud-schemas.js'
import { createTaskCrudService } from './crud-service.js'
import type { TaskCleanupHooks } from './delete-reset-service.js'

const PUBLIC = { minVersion: '2.9' }

export function taskCrudEndpoints(deps: ServiceDeps, hooks?: TaskCleanupHooks): Endpoint[] {
  const tasks = createTaskCrudService(deps, hooks)
  return [
    endpoint('tasks.create', s.CreateRequest, (req, call) => tasks.create(call.identity, req, call.requestedVersion)),
    endpoint('tasks.validate', s.CreateRequest, (req, call) => tasks.validate(call.identity, req, call.requestedVersion)),
    endpoint('tasks.clone', s.CloneRequest, (req, call) => tasks.clone(call.identity, req)),
    endpoint('tasks.edit', s.EditRequest, (req, call) => tasks.edit(call.identity, req, call.requestedVersion)),
    endpoint('tasks.update', s.UpdateRequest, (req, call) => tasks.update(call.identity, req, call.requestedVersion)),
    endpoint('tasks.update_batch', s.GetAllRequest, (_req, call) => tasks.updateBatch(call.identity, call.batch?.items() ?? [], call.requestedVersion)),
    endpoint('tasks.get_by_id', s.TaskRequest, (req, call) => tasks.getById(call.identity, req.task, call.requestedVersion)),
    endpoint('tasks.get_all', s.GetAllRequest, (req, call) =>
      tasks.getAll(call.identity, req, { version: call.requestedVersion, extended: false })),
    endpoint('tasks.get_all_ex', s.GetAllRequest, (req, call) =>
      tasks.getAll(call.identity, req, { version: call.requestedVersion, extended: true })),
    endpoint('tasks.get_by_id_ex', s.GetAllRequest, (req, call) => tasks.getByIdEx(call.identity, req, call.requestedVersion)),
    endpoint('tasks.get_types', s.GetTypesRequest, (req, call) => tasks.getTypes(call.identity, req.projects)),
    endpoint('tasks.delete', s.DeleteRequest, (req, call) => tasks.delete(call.identity, req)),
    endpoint('tasks.delete_many', s.DeleteManyRequest, (req, call) => tasks.deleteMany(call.identity, req)),
    endpoint('tasks.reset', s.ResetRequest, (req, call) => tasks.reset(call.identity, req)),
    endpoint('tasks.reset_many', s.ResetManyRequest, (req, call) => tasks.resetMany(call.identity, req)),
    endpoint('tasks.archive', s.ArchiveRequest, (req, call) => tasks.archive(call.identity, req.tasks, req)),
    endpoint('tasks.archive_many', s.ArchiveManyRequest, (req, call) => tasks.archiveMany(call.identity, req)),
    endpoint('tasks.unarchive_many', s.ArchiveManyRequest, (req, call) => tasks.unarchiveMany(call.identity, req)),
    endpoint('tasks.move', s.MoveRequest, (req, call) => tasks.move(call.identity, req)),
    endpoint('tasks.update_tags', s.UpdateTagsRequest, (req, call) => tasks.updateTags(call.identity, req)),
    endpoint('tasks.make_public', s.MakePublicRequest, (req, call) => tasks.makePublic(call.identity, req.ids), PUBLIC),
    endpoint('tasks.make_private', s.MakePublicRequest, (req, call) => tasks.makePrivate(call.identity, req.ids), PUBLIC),
  ]
}
