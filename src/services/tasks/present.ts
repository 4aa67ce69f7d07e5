// Tasks as clients read them: every container present, hidden-by-default fields left out, the requested
// projection and joins applied, and the old views added for old API versions.
import type { TaskDoc } from '../../domain/entities/task.js'
import { applyProjection, type Projection } from '../../domain/query/projection.js'
import { downgradeTaskView } from '../../domain/tasks/compat.js'
import {
  escapeTaskParamKeys, normalizeTaskProjection, TASK_JOINS, TASK_QUERY_SPEC, TASK_REFERENCE_PATHS,
} from '../../domain/tasks/query-spec.js'
import { withContainers } from '../../domain/tasks/task-doc.js'
import type { Repos } from '../../store/store.js'
import { resolveJoins, visit } from '../common/joins.js'

type Json = Record<string, unknown>


/** One whole task, as get_by_id returns it. */
export function presentTask(task: TaskDoc, version: string): Json {
  const view = applyProjection(withContainers(task), undefined, TASK_QUERY_SPEC.excludedByDefault)
  downgradeTaskView(view, version)
  return view
}

/** The _ex endpoints show every reference as an object: joined ones carry the asked fields, the rest just {id}. */
function expandReferences(view: Json): void {
  for (const path of TASK_REFERENCE_PATHS) {
    visit(view, path.split('.'), (holder, key) => {
      if (typeof holder[key] === 'string') holder[key] = { id: holder[key] }
    })
  }
}

export interface PresentOptions {
  version: string
  projection: Projection | undefined
  /** The _ex endpoints: joins and reference objects. */
  extended: boolean
}

/** Tasks of a get_all* reply. Parameter keys are escaped while projecting, so dotted paths address them. */
export async function presentTasks(tx: Repos, tasks: readonly TaskDoc[], o: PresentOptions): Promise<Json[]> {
  const views: Json[] = tasks.map((t) => structuredClone(withContainers(t)) as Json)
  let projection = normalizeTaskProjection(o.projection)
  if (o.extended) projection = await resolveJoins(tx, views, projection, TASK_JOINS)
  return views.map((view) => {
    const out = applyProjection(escapeTaskParamKeys(view, 'escape'), projection, TASK_QUERY_SPEC.excludedByDefault)
    escapeTaskParamKeys(out, 'unescape')
    downgradeTaskView(out, o.version)
    if (o.extended) expandReferences(out)
    return out
  })
}
