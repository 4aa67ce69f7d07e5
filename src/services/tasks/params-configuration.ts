// tasks.get_configurations / get_configuration_names / edit_configuration / delete_configuration. Names are stored
// as given (trimmed), like hyperparameter keys.
import type { TaskDoc } from '../../domain/entities/task.js'
import type { Identity } from '../../domain/entities/user.js'
import type { Repos } from '../../store/store.js'
import { cleanKey, compact, getTaskForUpdate, readTasks, saveEdit } from './params-access.js'
import { compareText } from './params-hyperparams.js'
import type { ConfigurationItem } from './params-schemas.js'

type Configuration = TaskDoc['configuration']

/** Each task's items sorted by name; with `names`, only those items. */
export async function getConfigurations(tx: Repos, identity: Identity, taskIds: string[], names?: string[] | null) {
  const tasks = await readTasks(tx, identity, taskIds)
  const wanted = names?.length ? new Set(names.map((n) => n.trim())) : undefined
  return tasks.map((task) => ({
    task: task.id,
    configuration: Object.entries(task.configuration ?? {})
      .filter(([name]) => !wanted || wanted.has(name))
      .map(([name, item]) => ({ ...item, name: item.name ?? name }))
      .sort((a, b) => compareText(a.name, b.name)),
  }))
}

/** Unlike the other reads, unknown ids are skipped (ClearML aggregates), and tasks without items are left out. */
export async function getConfigurationNames(tx: Repos, identity: Identity, taskIds: string[], skipEmpty: boolean) {
  const tasks = await tx.tasks.getMany([...new Set(taskIds)])
  const byId = new Map(tasks.filter((t) => t.company === identity.company || t.company === '').map((t) => [t.id, t]))
  return [...new Set(taskIds)].flatMap((id) => {
    const task = byId.get(id)
    const names = Object.entries(task?.configuration ?? {})
      .filter(([, item]) => !skipEmpty || (item?.value !== undefined && item.value !== null && item.value !== ''))
      .map(([name]) => name)
      .sort(compareText)
    return names.length > 0 ? [{ task: id, names }] : []
  })
}

export interface EditConfiguration {
  now: Date
  configuration: ConfigurationItem[]
  replace: boolean
  force: boolean
}

export async function editConfiguration(tx: Repos, identity: Identity, taskId: string, o: EditConfiguration): Promise<number> {
  const task = await getTaskForUpdate(tx, identity, taskId, { force: o.force })
  const incoming: Configuration = {}
  for (const item of o.configuration) incoming[cleanKey(item.name, 'configuration')] = compact({ ...item })
  task.configuration = o.replace ? incoming : { ...task.configuration, ...incoming }
  await saveEdit(tx, task, { now: o.now, identity, touchLastUpdate: true })
  return 1
}

export async function deleteConfiguration(
  tx: Repos, identity: Identity, taskId: string, o: { now: Date; names: string[]; force: boolean },
): Promise<number> {
  const task = await getTaskForUpdate(tx, identity, taskId, { force: o.force })
  const drop = new Set(o.names.map((n) => cleanKey(n, 'configuration')))
  task.configuration = Object.fromEntries(Object.entries(task.configuration ?? {}).filter(([name]) => !drop.has(name)))
  await saveEdit(tx, task, { now: o.now, identity, touchLastUpdate: true })
  return 1
}
