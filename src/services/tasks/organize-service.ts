// Where tasks live and how they are labelled: archive / unarchive, move, update_tags, make_public / make_private.
import { toApiDate } from '../../domain/dates.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { and, isIn } from '../../domain/query/filter.js'
import { validateTags } from '../../domain/tasks/compat.js'
import { ARCHIVED_TAG } from '../../domain/tasks/task-doc.js'
import { errors, isApiError } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { runBatch } from '../common/batch.js'
import type { ServiceDeps } from '../deps.js'
import { ensureProjectByName, touchProject } from '../projects/project-lookup.js'
import type { ArchiveManyRequest, MoveRequest } from './crud-schemas.js'
import { dequeueTask } from './status-change.js'
import { pipelineSteps } from './task-cleanup.js'
import { getTaskForWrite, getTasksForWrite } from './task-lookup.js'

interface VisibilityOptions { status_reason?: string; status_message?: string; include_pipeline_steps: boolean }
interface ArchiveChange extends VisibilityOptions { archived: boolean }

export function createTaskOrganizer(deps: ServiceDeps) {
  const { store, clock, ids } = deps

  const stamp = (identity: Identity, now: Date) => ({ last_change: toApiDate(now), last_changed_by: identity.user })

  async function setArchived(tx: Repos, identity: Identity, task: TaskDoc, o: ArchiveChange & { now: Date }) {
    if (o.archived) {
      try {
        // An archived task must not run: a queued one goes back to its previous status, a running one is stopped.
        await dequeueTask(tx, task, {
          identity, now: o.now, reason: o.status_reason, message: o.status_message, removeFromAllQueues: true, newStatusIfRunning: 'stopped',
        })
      } catch (err) {
        if (!isApiError(err)) throw err
      }
    }
    const current = (await tx.tasks.get(task.id)) ?? task
    const tags = current.system_tags.filter((t) => t !== ARCHIVED_TAG)
    await tx.tasks.update({
      ...current,
      status_message: o.status_message ?? '',
      status_reason: o.status_reason ?? '',
      system_tags: o.archived ? [...tags, ARCHIVED_TAG] : tags,
      ...stamp(identity, o.now),
    })
  }

  async function setArchivedWithSteps(tx: Repos, identity: Identity, task: TaskDoc, o: ArchiveChange) {
    const now = clock()
    const steps = o.include_pipeline_steps ? await pipelineSteps(tx, identity, task) : []
    for (const step of steps) await setArchived(tx, identity, step, { ...o, now })
    await setArchived(tx, identity, task, { ...o, now })
  }

  const archiveOne = (identity: Identity, id: string, o: ArchiveChange) =>
    store.transaction(async (tx) => setArchivedWithSteps(tx, identity, await getTaskForWrite(tx, identity, id), o))

  return {
    /** All ids must exist and be writable before anything is archived. */
    archive: (identity: Identity, taskIds: string[], o: VisibilityOptions) =>
      store.transaction(async (tx) => {
        const tasks = await getTasksForWrite(tx, identity, taskIds)
        for (const task of tasks) await setArchivedWithSteps(tx, identity, task, { ...o, archived: true })
        return { archived: tasks.length }
      }),

    archiveMany: (identity: Identity, req: ArchiveManyRequest) =>
      runBatch(req.ids, async (id) => {
        await archiveOne(identity, id, { ...req, archived: true })
        return { id, archived: true }
      }),

    unarchiveMany: (identity: Identity, req: ArchiveManyRequest) =>
      runBatch(req.ids, async (id) => {
        await archiveOne(identity, id, { ...req, archived: false })
        return { id, unarchived: true }
      }),

    /** Into a project by id, or by name (created when missing); `project: null` moves to the top level. */
    move: (identity: Identity, req: MoveRequest) =>
      store.transaction(async (tx) => {
        if (req.project === undefined && !req.project_name) throw errors.missingRequiredFields('project or project_name is required')
        const now = clock()
        const tasks = await getTasksForWrite(tx, identity, req.ids)
        const project = await targetProject(tx, identity, req, { now, newId: ids })
        const before = new Set(tasks.map((t) => t.project))
        for (const task of tasks) await tx.tasks.update({ ...task, project, ...stamp(identity, now) })
        for (const p of new Set([...before, project])) await touchProject(tx, p, now)
        return { project_id: project }
      }),

    updateTags: (identity: Identity, req: { ids?: string[] | null; add_tags?: string[]; remove_tags?: string[] }) =>
      store.transaction(async (tx) => {
        if (!req.ids?.length) throw errors.validation('No entity ids provided for editing tags')
        if (!req.add_tags?.length && !req.remove_tags?.length) throw errors.validation('Either add tags or remove tags should be provided')
        validateTags(req.add_tags)
        const tasks = await getTasksForWrite(tx, identity, req.ids)
        const now = clock()
        const add = req.add_tags ?? []
        const remove = new Set(req.remove_tags ?? [])
        for (const task of tasks) {
          const tags = [...new Set([...task.tags, ...add])].filter((t) => !remove.has(t))
          await tx.tasks.update({ ...task, tags, ...stamp(identity, now) })
        }
        // ClearML counts each of its two updates (add, then remove) separately.
        return { updated: tasks.length * ((add.length > 0 ? 1 : 0) + (remove.size > 0 ? 1 : 0)) }
      }),

    makePublic: (identity: Identity, taskIds: string[]) => setPublic(identity, taskIds, true),
    makePrivate: (identity: Identity, taskIds: string[]) => setPublic(identity, taskIds, false),
  }

  function setPublic(identity: Identity, taskIds: string[], isPublic: boolean) {
    return store.transaction(async (tx) => {
      const unique = [...new Set(taskIds)]
      // Only the company's own tasks become public, and only those it published become private again.
      const filter = isPublic
        ? and(isIn('id', unique), isIn('company', [identity.company]))
        : and(isIn('id', unique), isIn('company', ['']), isIn('company_origin', [identity.company]))
      const tasks = await tx.tasks.find({ filter })
      const missing = unique.filter((id) => !tasks.some((t) => t.id === id))
      if (missing.length > 0) throw errors.invalidTaskId(undefined, { ids: missing })
      const now = clock()
      for (const task of tasks) {
        const { company_origin: _origin, ...rest } = task
        const moved = isPublic ? { ...task, company: '', company_origin: identity.company } : { ...rest, company: identity.company }
        await tx.tasks.update({ ...moved, ...stamp(identity, now) } as TaskDoc)
      }
      return { updated: tasks.length }
    })
  }
}

async function targetProject(tx: Repos, identity: Identity, req: MoveRequest, o: { now: Date; newId: () => string }): Promise<string | null> {
  if (req.project) {
    const project = await tx.projects.get(req.project)
    if (!project || project.company !== identity.company) throw errors.invalidProjectId(undefined, { id: req.project })
    return project.id
  }
  if (req.project_name) return ensureProjectByName(tx, identity, req.project_name, o.now, o.newId)
  return null
}

export type TaskOrganizer = ReturnType<typeof createTaskOrganizer>
