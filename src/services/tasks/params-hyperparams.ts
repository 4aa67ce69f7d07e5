// tasks.get/edit/delete_hyper_params. Section and parameter names are stored exactly as given (trimmed), dots and
// dollars included: the store keeps JSON, so ClearML's Mongo key escaping has no counterpart here.
import type { ParamItem, TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { cleanKey, compact, getTaskForUpdate, readTasks, saveEdit } from './params-access.js'
import type { HyperParamItem, HyperParamKey } from './params-schemas.js'

const PROPERTIES = 'properties'
type Sections = TaskDoc['hyperparams']

/** Params of each task as one list sorted by (section, name), the order the UI and the SDK show. */
export async function getHyperParams(tx: Repos, identity: Identity, taskIds: string[]) {
  const tasks = await readTasks(tx, identity, taskIds)
  return tasks.map((task) => ({ task: task.id, hyperparams: paramList(task.hyperparams ?? {}) }))
}

function paramList(sections: Sections): ParamItem[] {
  const items = Object.entries(sections).flatMap(([section, params]) =>
    Object.entries(params ?? {}).map(([name, p]) => ({ ...p, section: p.section ?? section, name: p.name ?? name })))
  return items.sort((a, b) => compareText(a.section, b.section) || compareText(a.name, b.name))
}

/** Code-point order, as Python sorts strings (localeCompare would not). */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The properties section is matched case-insensitively and stored lower-case; true when only it is touched. */
function normalizeProperties<T extends { section: string }>(items: T[]): boolean {
  for (const item of items) if (item.section.trim().toLowerCase() === PROPERTIES) item.section = PROPERTIES
  return items.every((item) => item.section === PROPERTIES)
}

export interface EditHyperParams {
  now: Date
  hyperparams: HyperParamItem[]
  replace: 'none' | 'section' | 'all'
  force: boolean
}

export async function editHyperParams(tx: Repos, identity: Identity, taskId: string, o: EditHyperParams): Promise<number> {
  const propertiesOnly = normalizeProperties(o.hyperparams)
  const task = await getTaskForUpdate(tx, identity, taskId, { force: o.force, anyStatus: propertiesOnly })
  const incoming = bySection(o.hyperparams)
  const current: Sections = o.replace === 'all' ? {} : { ...task.hyperparams }
  for (const [section, params] of Object.entries(incoming)) {
    current[section] = o.replace === 'none' ? { ...current[section], ...params } : params
  }
  task.hyperparams = current
  await saveEdit(tx, task, { now: o.now, identity, touchLastUpdate: !propertiesOnly })
  return 1
}

function bySection(items: HyperParamItem[]): Sections {
  const sections: Sections = {}
  for (const item of items) {
    const section = cleanKey(item.section, 'section')
    const name = cleanKey(item.name, 'parameter')
    sections[section] = { ...sections[section], [name]: compact({ ...item }) }
  }
  return sections
}

export interface DeleteHyperParams {
  now: Date
  hyperparams: HyperParamKey[]
  force: boolean
}

/** Keys with a name delete that parameter; keys without one delete the whole section (400/15 when both meet). */
export async function deleteHyperParams(tx: Repos, identity: Identity, taskId: string, o: DeleteHyperParams): Promise<number> {
  const propertiesOnly = normalizeProperties(o.hyperparams)
  const task = await getTaskForUpdate(tx, identity, taskId, { force: o.force, anyStatus: propertiesOnly })
  const wholeSections = new Set(o.hyperparams.filter((k) => !k.name).map((k) => cleanKey(k.section, 'section')))
  const sections: Sections = { ...task.hyperparams }
  for (const key of o.hyperparams) {
    if (!key.name) continue
    const section = cleanKey(key.section, 'section')
    if (wholeSections.has(section)) {
      throw errors.fieldsConflict('Cannot delete section field if the whole section was scheduled for deletion')
    }
    // Deleting a parameter leaves its (possibly empty) section, as ClearML's $unset does.
    if (sections[section]) {
      const { [cleanKey(key.name, 'parameter')]: _, ...rest } = sections[section]
      sections[section] = rest
    }
  }
  for (const section of wholeSections) delete sections[section]
  task.hyperparams = sections
  await saveEdit(tx, task, { now: o.now, identity, touchLastUpdate: !propertiesOnly })
  return 1
}
