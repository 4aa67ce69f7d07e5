// The references a task holds (parent task, project, input models), checked the way ClearML's TaskBLL.validate
// does: a parent must be readable unless it is a "__DELETED__" marker, a project must be writable (public ones
// never are, 403/21), and input models must exist for the company or be public.
import type { ModelRef } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { DELETED_PREFIX } from '../../domain/tasks/task-doc.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'

export interface TaskReferences {
  parent?: string | null
  project?: string | null
  models?: { input?: readonly ModelRef[] }
}

export interface ReferenceChecks {
  parent: boolean
  project: boolean
  models: boolean
}

export const CHECK_ALL: ReferenceChecks = { parent: true, project: true, models: true }

export async function validateTaskReferences(
  tx: Repos, identity: Identity, refs: TaskReferences, checks: ReferenceChecks = CHECK_ALL,
): Promise<void> {
  const readable = (company: string | undefined) => company === identity.company || company === ''
  if (checks.parent && refs.parent && !refs.parent.startsWith(DELETED_PREFIX)) {
    const parent = await tx.tasks.get(refs.parent)
    if (!parent || !readable(parent.company)) throw errors.invalidTaskId('invalid parent', { parent: refs.parent })
  }
  if (refs.project) {
    const project = await tx.projects.get(refs.project)
    const found = project && readable(project.company)
    // Writing into a public project is refused even when the reference itself is not being validated.
    if (found && project.company === '') throw errors.noWritePermission(`cannot modify public project(s), ids=(${refs.project})`)
    if (!found && checks.project) throw errors.invalidProjectId(undefined, { id: refs.project })
  }
  const inputs = refs.models?.input ?? []
  if (checks.models && inputs.length > 0) {
    const ids = [...new Set(inputs.map((m) => m.model))]
    const found = new Set((await tx.models.getMany(ids)).filter((m) => readable(m.company)).map((m) => m.id))
    const missing = ids.filter((id) => !found.has(id))
    if (missing.length > 0) throw errors.invalidModelId(undefined, { models: missing })
  }
}
