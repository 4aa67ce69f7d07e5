// tasks.add_or_update_artifacts / delete_artifacts. An artifact is identified by (key, mode); the list is kept
// sorted by key, the order in which ClearML returns it (domain/tasks/params.ts: normalizeArtifacts).
import type { Artifact, TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { normalizeArtifacts } from '../../domain/tasks/params.js'
import type { Repos } from '../../store/store.js'
import { compact, getTaskForUpdate, saveEdit } from './params-access.js'
import type { ArtifactItem } from './params-schemas.js'

const sameArtifact = (a: { key: string; mode?: string }, b: { key: string; mode?: string }) =>
  a.key === b.key && (a.mode ?? 'output') === (b.mode ?? 'output')

// ClearML passes force=true here whatever the caller says: the SDK reports artifacts while the task runs.
const RUNNING_ALLOWED = { force: true }

export async function addOrUpdateArtifacts(
  tx: Repos, identity: Identity, taskId: string, o: { now: Date; artifacts: ArtifactItem[] },
): Promise<number> {
  const task = await getTaskForUpdate(tx, identity, taskId, RUNNING_ALLOWED)
  const incoming = o.artifacts.map((a) => compact({ ...a, type_data: a.type_data && compact(a.type_data) }) as Artifact)
  // An artifact that exists is replaced where it stands, as ClearML's per-(key, mode) $set does.
  await save(tx, task, [...(task.execution?.artifacts ?? []), ...incoming], { now: o.now, identity })
  return 1
}

export async function deleteArtifacts(
  tx: Repos, identity: Identity, taskId: string, o: { now: Date; artifacts: { key: string; mode: string }[] },
): Promise<number> {
  const task = await getTaskForUpdate(tx, identity, taskId, RUNNING_ALLOWED)
  const artifacts = (task.execution?.artifacts ?? []).filter((a) => !o.artifacts.some((id) => sameArtifact(a, id)))
  await save(tx, task, artifacts, { now: o.now, identity })
  return 1
}

async function save(tx: Repos, task: TaskDoc, artifacts: Artifact[], o: { now: Date; identity: Identity }): Promise<void> {
  task.execution = { ...task.execution, artifacts: normalizeArtifacts(artifacts) }
  await saveEdit(tx, task, { ...o, touchLastUpdate: true })
}
