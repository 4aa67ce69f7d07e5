// What older API versions send and expect for tasks (ClearML services/utils.py): below 2.3 system tags travel
// inside `tags`; below 2.13 models are `execution.model` / `output.model` and the container is
// `execution.docker_cmd`; below 2.9 parameters are flat (see params.ts). Newer clients never see any of this.
import type { ModelRef } from '../entities/task.js'
import { errors } from '../../errors.js'
import { legacyParamViews } from './params.js'
import { isJsonObject } from '../object-paths.js'

type Json = Record<string, unknown>

/** Whether an API version ("2.12", "999.0") is below another. */
export function isVersionBelow(version: string, target: string): boolean {
  const a = version.split('.').map(Number)
  const b = target.split('.').map(Number)
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    if (x !== y) return x < y
  }
  return false
}

export const INPUT_MODEL_NAME = 'Input Model'
export const OUTPUT_MODEL_NAME = 'Output Model'

const TASK_SYSTEM_TAGS = new Set(['active', 'archived', 'development'].flatMap((t) => [t, `-${t}`]))
const TASK_SYSTEM_PREFIXES = ['annotat', '-annotat']

/** Splits pre-2.3 tags into user and system tags the way ClearML recognises system tags of tasks. */
export function partitionTaskTags(tags: readonly string[], systemTags: readonly string[] = []): { tags: string[]; system_tags: string[] } {
  const system = new Set(systemTags)
  for (const t of tags) {
    if (TASK_SYSTEM_TAGS.has(t) || TASK_SYSTEM_PREFIXES.some((p) => t.toLowerCase().startsWith(p))) system.add(t)
  }
  return { tags: [...new Set(tags)].filter((t) => !system.has(t)), system_tags: [...system] }
}

/** Tags starting with the query-operator prefix could never be searched for; ClearML refuses them (400/16). */
export function validateTags(...lists: (readonly string[] | undefined)[]): void {
  for (const list of lists) {
    const bad = (list ?? []).filter((t) => t.startsWith('__$'))
    if (bad.length > 0) throw errors.fieldsValue('unsupported tag prefix', { values: bad })
  }
}

/** Converts old-client fields of a create / edit / update request (in place). `at` stamps new model refs. */
export function upgradeRequestFields(fields: Json, version: string, at: string): void {
  if (Array.isArray(fields.tags) && isVersionBelow(version, '2.3')) {
    const given = Array.isArray(fields.system_tags) ? (fields.system_tags as string[]) : []
    if (given.length === 0) Object.assign(fields, partitionTaskTags(fields.tags as string[]))
  }
  if (!isVersionBelow(version, '2.13')) return
  for (const [holder, mode, name] of [['execution', 'input', INPUT_MODEL_NAME], ['output', 'output', OUTPUT_MODEL_NAME]] as const) {
    const container = fields[holder]
    if (!isJsonObject(container) || !('model' in container)) continue
    const model = container.model
    delete container.model
    if (model === null || model === undefined) continue
    const refs: ModelRef[] = typeof model === 'string' && model ? [{ name, model, updated: at }] : []
    fields.models = { ...(isJsonObject(fields.models) ? fields.models : {}), [mode]: refs }
  }
  const execution = fields.execution
  if (isJsonObject(execution) && 'docker_cmd' in execution) {
    const cmd = execution.docker_cmd
    delete execution.docker_cmd
    if (typeof cmd === 'string') {
      const space = cmd.indexOf(' ')
      const [image, args] = space < 0 ? [cmd, ''] : [cmd.slice(0, space), cmd.slice(space + 1)]
      fields.container = { ...(isJsonObject(fields.container) ? fields.container : {}), image, arguments: args }
    }
  }
}

function sortedTags(doc: Json, mergeSystem: boolean): void {
  if (mergeSystem && Array.isArray(doc.system_tags) && doc.system_tags.length > 0) {
    doc.tags = [...new Set([...((doc.tags as string[]) ?? []), ...(doc.system_tags as string[])])]
  }
  for (const field of ['tags', 'system_tags']) {
    const v = doc[field]
    if (Array.isArray(v) && v.length > 0) doc[field] = [...v].sort()
  }
}

function modelIdOf(ref: unknown): unknown {
  return isJsonObject(ref) ? ref.model : undefined
}

function setIn(doc: Json, holder: string, key: string, value: unknown): void {
  const target = isJsonObject(doc[holder]) ? (doc[holder] as Json) : (doc[holder] = {} as Json)
  target[key] = value
}

/** Adds the old views to a (projected) task for the requested version, in place. */
export function downgradeTaskView(doc: Json, version: string): void {
  sortedTags(doc, isVersionBelow(version, '2.3'))
  if (isVersionBelow(version, '2.13')) {
    const models = isJsonObject(doc.models) ? doc.models : undefined
    const input = Array.isArray(models?.input) ? models.input : []
    const output = Array.isArray(models?.output) ? models.output : []
    if (input.length > 0 && modelIdOf(input[0])) setIn(doc, 'execution', 'model', modelIdOf(input[0]))
    if (output.length > 0 && modelIdOf(output[output.length - 1])) setIn(doc, 'output', 'model', modelIdOf(output[output.length - 1]))
    const container = isJsonObject(doc.container) ? doc.container : undefined
    if (container && typeof container.image === 'string' && container.image) {
      const cmd = [container.image, container.arguments].filter((p) => typeof p === 'string' && p).join(' ')
      setIn(doc, 'execution', 'docker_cmd', cmd)
    }
  }
  if (isVersionBelow(version, '2.9')) {
    const hyperparams = isJsonObject(doc.hyperparams) ? doc.hyperparams : {}
    const configuration = isJsonObject(doc.configuration) ? doc.configuration : {}
    const views = legacyParamViews(hyperparams, configuration)
    if (views.parameters) setIn(doc, 'execution', 'parameters', views.parameters)
    if (views.model_desc) setIn(doc, 'execution', 'model_desc', views.model_desc)
  }
}
