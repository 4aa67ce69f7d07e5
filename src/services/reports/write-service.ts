// reports.create / update / move / publish / archive / unarchive / delete: each one transaction.
import { toApiDate } from '../../domain/dates.js'
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { REPORT_TYPE, REPORT_UPDATE_FIELDS, shortenText, touchesContent, type ReportUpdateField } from '../../domain/reports/reports.js'
import { ARCHIVED_TAG, isArchived, newTaskDoc } from '../../domain/tasks/task-doc.js'
import { errors } from '../../errors.js'
import type { ServiceDeps } from '../deps.js'
import { deleteTaskEvents } from '../events/cleanup.js'
import { changeStatus } from '../tasks/status-change.js'
import {
  dropReportsProjectIfEmpty, ensureReportsProject, getReportForWrite, REPORT_SYSTEM_TAGS, targetProjectName,
} from './report-lookup.js'
import type { CreateRequest, DeleteRequest, MoveRequest, StatusRequest, UpdateRequest } from './schemas.js'

type Json = Record<string, unknown>

/** The fields an update request sets (null means "not given"). */
function requestedChanges(req: UpdateRequest): Partial<TaskDoc> {
  const out: Json = {}
  for (const field of REPORT_UPDATE_FIELDS) if (req[field] !== undefined && req[field] !== null) out[field] = req[field]
  return out as Partial<TaskDoc>
}

/** The update reply's `fields`: what was set, with tags sorted and the report text shortened as ClearML echoes them. */
function echoedFields(changes: Partial<TaskDoc>): Json {
  const out: Json = { ...changes }
  if (Array.isArray(changes.tags) && changes.tags.length > 0) out.tags = [...changes.tags].sort()
  if (typeof changes.report === 'string' && changes.report !== '') out.report = shortenText(changes.report)
  return out
}

const statusMessage = (req: StatusRequest): string => req.message ?? req.comment ?? ''

export function createReportWrites({ store, clock, ids }: Pick<ServiceDeps, 'store' | 'clock' | 'ids'>) {
  const stamp = (identity: Identity, at: string): Partial<TaskDoc> => ({ last_change: at, last_changed_by: identity.user })

  /** archive / unarchive: the archived system tag and the status message, nothing else (the status stays). */
  const setArchived = (identity: Identity, req: StatusRequest, archived: boolean) => store.transaction(async (tx) => {
    const task = await getReportForWrite(tx, identity, req.task)
    const others = task.system_tags.filter((t) => t !== ARCHIVED_TAG)
    await tx.tasks.update({
      ...task, ...stamp(identity, toApiDate(clock())), status_message: statusMessage(req), status_reason: '',
      system_tags: archived ? [...others, ARCHIVED_TAG] : others,
    })
    return 1
  })

  return {
    create: (identity: Identity, req: CreateRequest) => store.transaction(async (tx) => {
      const now = clock()
      const parentName = await targetProjectName(tx, identity, req.project)
      const project = await ensureReportsProject(tx, identity, parentName, { now, newId: ids })
      const doc = newTaskDoc({ id: ids(), company: identity.company, user: identity.user, at: toApiDate(now) }, {
        name: req.name, type: REPORT_TYPE, project, tags: req.tags ?? [], comment: req.comment ?? '',
        system_tags: [...REPORT_SYSTEM_TAGS], ...(req.report != null ? { report: req.report } : {}),
      })
      if (req.report_assets != null) doc.report_assets = req.report_assets
      await tx.tasks.insert(doc)
      return { id: doc.id, project_id: project }
    }),

    update: (identity: Identity, req: UpdateRequest) => store.transaction(async (tx) => {
      const task = await getReportForWrite(tx, identity, req.task)
      const changes = requestedChanges(req)
      const fields = Object.keys(changes) as ReportUpdateField[]
      if (fields.length === 0) return { updated: 0 }
      const content = touchesContent(fields)
      if (content && task.status !== 'created') throw errors.invalidTaskStatus(undefined, { expected: 'created', status: task.status })
      const at = toApiDate(clock())
      // Only content edits count as an update of the report; renames and retags keep its last_update.
      await tx.tasks.update({ ...task, ...changes, ...stamp(identity, at), ...(content ? { last_update: at } : {}) })
      return { updated: 1, fields: echoedFields(changes) }
    }),

    move: async (identity: Identity, req: MoveRequest) => {
      if (!('project' in req) && !req.project_name) throw errors.missingRequiredFields('project or project_name is required')
      return store.transaction(async (tx) => {
        const now = clock()
        const task = await getReportForWrite(tx, identity, req.task)
        const name = req.project_name || await targetProjectName(tx, identity, req.project)
        const project = await ensureReportsProject(tx, identity, name, { now, newId: ids })
        await tx.tasks.update({ ...task, project, ...stamp(identity, toApiDate(now)) })
        if (task.project !== project) await dropReportsProjectIfEmpty(tx, task.project)
        return { project_id: project }
      })
    },

    publish: (identity: Identity, req: StatusRequest) => store.transaction(async (tx) => {
      const now = clock()
      const task = await getReportForWrite(tx, identity, req.task)
      // Reports go straight from draft to published: ClearML forces the transition.
      return changeStatus(tx, task, 'published', {
        identity, now, force: true, reason: '', message: statusMessage(req), extra: { published: toApiDate(now) },
      })
    }),

    archive: async (identity: Identity, req: StatusRequest) => ({ archived: await setArchived(identity, req, true) }),

    unarchive: async (identity: Identity, req: StatusRequest) => ({ unarchived: await setArchived(identity, req, false) }),

    delete: (identity: Identity, req: DeleteRequest) => store.transaction(async (tx) => {
      const task = await getReportForWrite(tx, identity, req.task)
      if (task.status !== 'created' && !isArchived(task) && !req.force) {
        throw errors.taskCannotBeDeleted('due to status, use force=True', { task: task.id, expected: 'created', current: task.status })
      }
      await deleteTaskEvents(tx, [task.id])
      await tx.tasks.delete([task.id])
      await dropReportsProjectIfEmpty(tx, task.project)
      return { deleted: 1 }
    }),
  }
}

export type ReportWrites = ReturnType<typeof createReportWrites>
