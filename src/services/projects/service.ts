// The projects service: one transaction per call; the use cases live in the files beside this one.
import type { Identity } from '../../domain/entities/user.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import type { CallContext } from './context.js'
import { createProject, getProjectById, setProjectsPublic, updateProject } from './crud.js'
import { deleteProject, validateProjectDelete, type DeleteOptions } from './delete.js'
import { getAllProjects } from './get-all.js'
import { getAllProjectsEx } from './get-all-ex.js'
import * as q from './queries.js'
import type * as s from './schemas.js'
import { entityTags, projectTags, type TagsResult } from './tags.js'
import { mergeProject, moveProject } from './tree-ops.js'

export interface Caller { identity: Identity; version: string }

export function createProjectsService(deps: ServiceDeps) {
  const { store, clock, ids, config } = deps
  const maxPageSize = config.api.maxPageSize
  const context = (caller: Caller): CallContext => ({ ...caller, now: clock(), newId: ids })
  const write = <T>(caller: Caller, fn: (tx: Repos, ctx: CallContext) => Promise<T>) =>
    store.transaction((tx) => fn(tx, context(caller)))
  const read = <T>(caller: Caller, fn: (tx: Repos, ctx: CallContext) => Promise<T>) =>
    store.read((tx) => fn(tx, context(caller)))

  const tagsOf = (entity: 'tasks' | 'models') => (c: Caller, req: s.TagsRequest): Promise<TagsResult> =>
    read(c, (tx) => entityTags(tx, entity, {
      company: c.identity.company, includeSystem: req.include_system, filter: req.filter, projects: req.projects,
    }))

  return {
    create: (c: Caller, req: s.CreateRequest) => write(c, (tx, ctx) => createProject(tx, ctx, req)),
    getById: (c: Caller, id: string) => read(c, (tx, ctx) => getProjectById(tx, ctx, id)),
    update: (c: Caller, req: s.UpdateRequest) => write(c, (tx, ctx) => updateProject(tx, ctx, req)),
    setPublic: (c: Caller, projectIds: string[], isPublic: boolean) =>
      write(c, (tx, ctx) => setProjectsPublic(tx, ctx, projectIds, isPublic)),
    move: (c: Caller, project: string, newLocation: string | null | undefined) =>
      write(c, (tx, ctx) => moveProject(tx, ctx, { project, newLocation: newLocation ?? '' })),
    merge: (c: Caller, source: string, destination: string | null | undefined) =>
      write(c, (tx, ctx) => mergeProject(tx, ctx, { source, destination: destination ?? null })),
    validateDelete: (c: Caller, id: string) => read(c, (tx, ctx) => validateProjectDelete(tx, ctx, id)),
    delete: (c: Caller, o: DeleteOptions) => write(c, (tx, ctx) => deleteProject(tx, ctx, o)),
    getAll: (c: Caller, request: Record<string, unknown>) => read(c, (tx, ctx) => getAllProjects(tx, ctx, { request, maxPageSize })),
    getAllEx: (c: Caller, request: s.GetAllExRequest) => read(c, (tx, ctx) => getAllProjectsEx(tx, ctx, { request, maxPageSize })),
    taskTags: tagsOf('tasks'),
    modelTags: tagsOf('models'),
    projectTags: (c: Caller, req: s.TagsRequest) => read(c, (tx) => projectTags(tx, {
      company: c.identity.company, includeSystem: req.include_system, filter: req.filter, projects: req.projects,
    })),
    taskParents: (c: Caller, o: Parameters<typeof q.taskParents>[2]) => read(c, (tx) => q.taskParents(tx, c.identity, o)),
    userNames: (c: Caller, o: Parameters<typeof q.entityUsers>[2]) => read(c, (tx) => q.entityUsers(tx, c.identity, o)),
    hyperParameters: (c: Caller, o: Parameters<typeof q.hyperParameterNames>[2]) =>
      read(c, (tx) => q.hyperParameterNames(tx, c.identity, o)),
    hyperparamValues: (c: Caller, o: Parameters<typeof q.hyperparamValues>[2]) => read(c, (tx) => q.hyperparamValues(tx, c.identity, o)),
    metricVariants: (c: Caller, o: Parameters<typeof q.uniqueMetricVariants>[2]) =>
      read(c, (tx) => q.uniqueMetricVariants(tx, c.identity, o)),
    metadataKeys: (c: Caller, o: Parameters<typeof q.modelMetadataKeys>[2]) => read(c, (tx) => q.modelMetadataKeys(tx, c.identity, o)),
    metadataValues: (c: Caller, o: Parameters<typeof q.modelMetadataValues>[2]) =>
      read(c, (tx) => q.modelMetadataValues(tx, c.identity, o)),
  }
}

export type ProjectsService = ReturnType<typeof createProjectsService>
