// Report access and the hidden `.reports` folders, shared by the reports use cases. Every function runs inside
// the caller's transaction and awaits only store calls.
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { eq } from '../../domain/query/filter.js'
import { REPORT_TYPE, REPORTS_PROJECT, REPORTS_TAG, reportsProjectName } from '../../domain/reports/reports.js'
import { HIDDEN_TAG } from '../../domain/tasks/task-doc.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { ensureProjectByName, getProjectForWrite } from '../projects/project-lookup.js'
import { getTaskForWrite } from '../tasks/task-lookup.js'

/** Reports and their folders carry both tags: hidden from task and project lists, and findable as reports. */
export const REPORT_SYSTEM_TAGS = [REPORTS_TAG, HIDDEN_TAG]

/** A report the caller may change: 400/101 unknown, 403/21 public, 400/150 when the task is not a report. */
export async function getReportForWrite(tx: Repos, identity: Identity, id: string): Promise<TaskDoc> {
  const task = await getTaskForWrite(tx, identity, id)
  if (task.type !== REPORT_TYPE) throw errors.operationSupportedOnReportsOnly(undefined, { id })
  return task
}

/** The name of the project a report goes under: the given project's (400/401, 403/21), or '' for the root. */
export async function targetProjectName(tx: Repos, identity: Identity, projectId: string | null | undefined): Promise<string> {
  return projectId ? (await getProjectForWrite(tx, identity, projectId)).name : ''
}

/** Id of the `.reports` folder under the project named `projectName` (or the folder itself), created when missing. */
export function ensureReportsProject(
  tx: Repos, identity: Identity, projectName: string, o: { now: Date; newId: () => string },
): Promise<string> {
  return ensureProjectByName(tx, identity, reportsProjectName(projectName), o.now, o.newId, {
    description: 'Reports project', system_tags: [...REPORT_SYSTEM_TAGS],
  })
}

/** A `.reports` folder left without reports goes away, as ClearML's does; one still holding anything stays. */
export async function dropReportsProjectIfEmpty(tx: Repos, projectId: string | null | undefined): Promise<void> {
  if (!projectId) return
  const project = await tx.projects.get(projectId)
  if (!project || project.basename !== REPORTS_PROJECT) return
  // ClearML counts only tasks; models and sub-projects are counted too so nothing is left pointing at a deleted parent.
  const held = await tx.tasks.count(eq('project', projectId)) + await tx.models.count(eq('project', projectId))
    + await tx.projects.count(eq('parent', projectId))
  if (held === 0) await tx.projects.delete([projectId])
}
