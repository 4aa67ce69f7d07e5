// Hyperparameters, configuration and artifacts as clients write them. Old clients (API < 2.9) send flat
// `execution.parameters` / `execution.model_desc`; these are kept in the new maps as items of type "legacy"
// (parameters in section "Args", or "TF_DEFINE" for "TF_DEFINE/x" names) and served back in the old places.
// Keys are stored as the client sent them, trimmed; ClearML trims them too (its Mongo escaping does).
import type { Artifact, ConfigurationItem, ParamItem } from '../entities/task.js'
import { errors } from '../../errors.js'
import { isJsonObject } from '../object-paths.js'

export const DEFAULT_PARAMS_SECTION = 'Args'
export const LEGACY_TYPE = 'legacy'
const TF_DEFINE = 'TF_DEFINE'

type Hyperparams = Record<string, Record<string, ParamItem>>
type Configuration = Record<string, ConfigurationItem>
type Json = Record<string, unknown>

/** Python's str() of a JSON value, which is what ClearML stores for a legacy parameter. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number') return String(value)
  return JSON.stringify(value)
}

function nonEmptyKey(key: string, what: string): string {
  const trimmed = key.trim()
  if (trimmed === '') throw errors.validation(`Empty ${what} name is not allowed`)
  return trimmed
}

/** Trims section and parameter keys; 400/12 for an empty one. */
export function cleanHyperparams<T>(params: Record<string, Record<string, T>>): Record<string, Record<string, T>> {
  const out: Record<string, Record<string, T>> = {}
  for (const [section, items] of Object.entries(params)) {
    const s = nonEmptyKey(section, 'section')
    out[s] = {}
    for (const [name, item] of Object.entries(items ?? {})) out[s][nonEmptyKey(name, 'parameter')] = item
  }
  return out
}

export function cleanConfiguration<T>(config: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {}
  for (const [name, item] of Object.entries(config)) out[nonEmptyKey(name, 'configuration')] = item
  return out
}

function splitLegacyName(fullName: string): { section: string; name: string } {
  const [head, ...rest] = fullName.split('/')
  if (head !== TF_DEFINE) return { section: DEFAULT_PARAMS_SECTION, name: fullName }
  const name = rest.join('/')
  if (!name) throw errors.validation('Parameter name cannot be empty')
  return { section: TF_DEFINE, name }
}

function withoutLegacyParams(params: Hyperparams): { kept: Hyperparams; removed: number } {
  const kept: Hyperparams = {}
  let removed = 0
  for (const [section, items] of Object.entries(params)) {
    const left = Object.entries(items).filter(([, p]) => {
      if (p?.type !== LEGACY_TYPE) return true
      removed += 1
      return false
    })
    if (left.length > 0) kept[section] = Object.fromEntries(left)
  }
  return { kept, removed }
}

function withoutLegacyConfig(config: Configuration): { kept: Configuration; removed: number } {
  const entries = Object.entries(config)
  const kept = Object.fromEntries(entries.filter(([, c]) => c?.type !== LEGACY_TYPE))
  return { kept, removed: entries.length - Object.keys(kept).length }
}

export interface ParamFields {
  execution?: Json
  hyperparams?: Hyperparams
  configuration?: Configuration
}

export interface PreviousParams {
  hyperparams: Hyperparams
  configuration: Configuration
}

const hasEntries = (v: object | undefined): v is object => v !== undefined && Object.keys(v).length > 0

/**
 * Moves legacy `execution.parameters` / `execution.model_desc` into hyperparams / configuration (in place).
 * On edit, when the new map is not sent (or sent empty), the previous map minus its legacy items is the base.
 */
export function absorbLegacyParams(fields: ParamFields, previous?: PreviousParams): void {
  const execution = fields.execution
  if (!execution) return
  const legacyParams = execution.parameters
  delete execution.parameters
  if (isJsonObject(legacyParams)) {
    if (!hasEntries(fields.hyperparams) && previous && hasEntries(previous.hyperparams)) {
      const prev = withoutLegacyParams(previous.hyperparams)
      if (hasEntries(legacyParams) || prev.removed > 0) fields.hyperparams = prev.kept
    }
    for (const [fullName, value] of Object.entries(legacyParams)) {
      const { section, name } = splitLegacyName(fullName)
      const target = (fields.hyperparams ??= {})
      target[section] = { ...target[section], [name]: { name, type: LEGACY_TYPE, value: pyStr(value), section } }
    }
  }
  const legacyConfig = execution.model_desc
  delete execution.model_desc
  if (isJsonObject(legacyConfig)) {
    if (!hasEntries(fields.configuration) && previous && hasEntries(previous.configuration)) {
      const prev = withoutLegacyConfig(previous.configuration)
      if (hasEntries(legacyConfig) || prev.removed > 0) fields.configuration = prev.kept
    }
    for (const [name, value] of Object.entries(legacyConfig)) {
      const target = (fields.configuration ??= {})
      target[name] = { name, type: LEGACY_TYPE, value: pyStr(value) }
    }
  }
}

/** The legacy views for API < 2.9: flat parameters and model_desc built from the "legacy" items. */
export function legacyParamViews(hyperparams: Json, configuration: Json): { parameters?: Json; model_desc?: Json } {
  const out: { parameters?: Json; model_desc?: Json } = {}
  const isLegacy = (item: unknown): item is Json => isJsonObject(item) && item.type === LEGACY_TYPE
  const params = Object.values(hyperparams).flatMap((items) => (isJsonObject(items) ? Object.values(items) : [])).filter(isLegacy)
  if (params.length > 0) {
    out.parameters = Object.fromEntries(params.map((p) => [p.section === TF_DEFINE ? `${TF_DEFINE}/${String(p.name)}` : p.name, p.value]))
  }
  const configs = Object.values(configuration).filter(isLegacy)
  if (configs.length > 0) out.model_desc = Object.fromEntries(configs.map((c) => [c.name, c.value]))
  return out
}

const artifactKey = (a: Artifact): string => `${a.key}\u0000${a.mode}`

/**
 * Artifacts as stored: mode defaults to "output", one per (key, mode) with the last write winning in place,
 * sorted by key (ClearML keeps a map by key and mode, and lists it sorted by key).
 */
export function normalizeArtifacts(artifacts: readonly Artifact[]): Artifact[] {
  const byKey = new Map<string, Artifact>()
  for (const raw of artifacts) {
    const a: Artifact = { ...raw, mode: raw.mode ?? 'output' }
    byKey.set(artifactKey(a), a)
  }
  return [...byKey.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
}
