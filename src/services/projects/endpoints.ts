import type { Call } from '../../transport/rpc/endpoint.js'
import { endpoint, type Endpoint } from '../../transport/rpc/endpoint.js'
import * as s from './schemas.js'
import type { Caller, ProjectsService } from './service.js'

const caller = (call: Call): Caller => ({ identity: call.identity, version: call.requestedVersion })

export const projectEndpoints = (projects: ProjectsService): Endpoint[] => [
  endpoint('projects.create', s.CreateRequest, async (req, call) => ({ id: await projects.create(caller(call), req) })),
  endpoint('projects.get_by_id', s.ProjectRequest, async (req, call) =>
    ({ project: await projects.getById(caller(call), req.project) })),
  endpoint('projects.update', s.UpdateRequest, async (req, call) => projects.update(caller(call), req)),
  endpoint('projects.make_public', s.IdsRequest, async (req, call) => projects.setPublic(caller(call), req.ids, true),
    { minVersion: '2.9' }),
  endpoint('projects.make_private', s.IdsRequest, async (req, call) => projects.setPublic(caller(call), req.ids, false),
    { minVersion: '2.9' }),
  endpoint('projects.move', s.MoveRequest, async (req, call) => projects.move(caller(call), req.project, req.new_location)),
  endpoint('projects.merge', s.MergeRequest, async (req, call) =>
    projects.merge(caller(call), req.project, req.destination_project)),
  endpoint('projects.validate_delete', s.ProjectRequest, async (req, call) => projects.validateDelete(caller(call), req.project)),
  endpoint('projects.delete', s.DeleteRequest, async (req, call) => projects.delete(caller(call), {
    project: req.project, force: req.force, deleteContents: req.delete_contents,
  })),
  endpoint('projects.get_all', s.GetAllRequest, async (req, call) => projects.getAll(caller(call), req)),
  endpoint('projects.get_all_ex', s.GetAllExRequest, async (req, call) => projects.getAllEx(caller(call), req)),
  endpoint('projects.get_task_tags', s.TagsRequest, async (req, call) => projects.taskTags(caller(call), req), { minVersion: '2.8' }),
  endpoint('projects.get_model_tags', s.TagsRequest, async (req, call) => projects.modelTags(caller(call), req), { minVersion: '2.8' }),
  endpoint('projects.get_project_tags', s.TagsRequest, async (req, call) => projects.projectTags(caller(call), req)),
  endpoint('projects.get_task_parents', s.TaskParentsRequest, async (req, call) => ({
    parents: await projects.taskParents(caller(call), {
      projects: req.projects, includeSubprojects: req.include_subprojects, state: req.tasks_state, name: req.task_name,
    }),
  }), { minVersion: '2.12' }),
  endpoint('projects.get_user_names', s.UserNamesRequest, async (req, call) => ({
    users: await projects.userNames(caller(call), { entity: req.entity, projects: req.projects, includeSubprojects: req.include_subprojects }),
  })),
  endpoint('projects.get_hyper_parameters', s.ProjectOrNoneRequest, async (req, call) => {
    const page = await projects.hyperParameters(caller(call), {
      project: req.project, includeSubprojects: req.include_subprojects, page: req.page, pageSize: req.page_size,
    })
    return { total: page.total, remaining: page.remaining, parameters: page.items }
  }, { minVersion: '2.9' }),
  endpoint('projects.get_hyperparam_values', s.HyperparamValuesRequest, async (req, call) => projects.hyperparamValues(caller(call), {
    projects: req.projects, includeSubprojects: req.include_subprojects, allowPublic: req.allow_public, page: req.page,
    pageSize: req.page_size, section: req.section, name: req.name, pattern: req.pattern,
  }), { minVersion: '2.13' }),
  endpoint('projects.get_unique_metric_variants', s.UniqueMetricsRequest, async (req, call) => ({
    metrics: await projects.metricVariants(caller(call), {
      project: req.project, includeSubprojects: req.include_subprojects, ids: req.ids, modelMetrics: req.model_metrics,
    }),
  })),
  endpoint('projects.get_model_metadata_keys', s.ProjectOrNoneRequest, async (req, call) => {
    const page = await projects.metadataKeys(caller(call), {
      project: req.project, includeSubprojects: req.include_subprojects, page: req.page, pageSize: req.page_size,
    })
    return { total: page.total, remaining: page.remaining, keys: page.items }
  }),
  endpoint('projects.get_model_metadata_values', s.MetadataValuesRequest, async (req, call) => projects.metadataValues(caller(call), {
    projects: req.projects, includeSubprojects: req.include_subprojects, allowPublic: req.allow_public, page: req.page,
    pageSize: req.page_size, key: req.key,
  })),
]
