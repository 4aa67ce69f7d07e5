// The task document side of the tasks service, assembled from its parts. The events service plugs its event
// deletion in through `hooks` (tasks.delete / tasks.reset drop a task's events after committing).
import type { ServiceDeps } from '../deps.js'
import { createTaskCreation } from './create-service.js'
import { createTaskDeleteReset, NO_EVENT_HOOKS, type TaskCleanupHooks } from './delete-reset-service.js'
import { createTaskEdits } from './edit-service.js'
import { createTaskOrganizer } from './organize-service.js'
import { createTaskQueries } from './query-service.js'

export function createTaskCrudService(deps: ServiceDeps, hooks: TaskCleanupHooks = NO_EVENT_HOOKS) {
  return {
    ...createTaskCreation(deps),
    ...createTaskEdits(deps),
    ...createTaskQueries(deps),
    ...createTaskDeleteReset(deps, hooks),
    ...createTaskOrganizer(deps),
  }
}

export type TaskCrudService = ReturnType<typeof createTaskCrudService>
