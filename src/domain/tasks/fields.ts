// Turns the fields of a tasks.create / validate / edit request into their stored form (ClearML's
// prepare_create_fields + prepare_for_save): old-client conversions, output_dest, model timestamps, legacy
// parameters, trimmed keys and script fields, artifacts keyed by (key, mode).
import type { Artifact, ConfigurationItem, ModelRef, ParamItem } from '../entities/task.js'
import { errors } from '../../errors.js'
import { upgradeRequestFields, validateTags } from './compat.js'
import { absorbLegacyParams, cleanConfiguration, cleanHyperparams, normalizeArtifacts, type ParamFields, type PreviousParams } from './params.js'
import { MIN_TASK_NAME_LENGTH, type TaskFields } from './task-doc.js'
import { isJsonObject } from '../object-paths.js'

type Json = Record<string, unknown>

/** Script fields ClearML strips of surrounding whitespace, so names and paths stay usable. */
const STRIPPED_SCRIPT_FIELDS = ['binary', 'repository', 'tag', 'branch', 'version_num', 'entry_point', 'working_dir']

const FIELD_NAMES = ['name', 'type', 'status', 'comment', 'parent', 'project', 'tags', 'system_tags', 'script',
  'execution', 'hyperparams', 'configuration', 'runtime', 'container', 'models'] as const

export interface PrepareOptions {
  /** The requested API version (old clients send other shapes). */
  version: string
  /** toApiDate(now), stamped on model references. */
  at: string
  /** On edit: the task as stored, for output_dest and legacy parameters. */
  previous?: { output?: Json } & PreviousParams
}

/** Drops undefined values, so "not sent" never overwrites. */
const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

export function checkTaskName(name: string): string {
  const stripped = name.trim()
  if (stripped.length < MIN_TASK_NAME_LENGTH) {
    throw errors.dataValidation(undefined, { name: `String value is too short (at least ${MIN_TASK_NAME_LENGTH} characters)` })
  }
  return stripped
}

export type Item = Json | null | undefined

export function cleanParamItems(hyperparams: Record<string, Record<string, Item>>): Record<string, Record<string, ParamItem>> {
  const out: Record<string, Record<string, ParamItem>> = {}
  for (const [section, items] of Object.entries(cleanHyperparams(hyperparams))) {
    out[section] = {}
    for (const [name, item] of Object.entries(items)) {
      // ClearML requires section and name inside each item; the map keys say the same, so fill them in.
      out[section][name] = defined({ ...item, section: item?.section ?? section, name: item?.name ?? name }) as unknown as ParamItem
    }
  }
  return out
}

export function cleanConfigItems(configuration: Record<string, Item>): Record<string, ConfigurationItem> {
  const out: Record<string, ConfigurationItem> = {}
  for (const [name, item] of Object.entries(cleanConfiguration(configuration))) {
    out[name] = defined({ ...item, name: item?.name ?? name }) as unknown as ConfigurationItem
  }
  return out
}

function cleanExecution(execution: Json): Json {
  const out = defined(execution)
  if (Array.isArray(out.artifacts)) out.artifacts = normalizeArtifacts((out.artifacts as Json[]).map((a) => defined(a)) as unknown as Artifact[])
  if (isJsonObject(out.model_labels)) {
    out.model_labels = Object.fromEntries(Object.entries(out.model_labels).map(([k, v]) => [k, Math.trunc(Number(v))]))
  }
  return out
}

function cleanScript(script: Json): Json {
  const out = { ...script }
  for (const field of STRIPPED_SCRIPT_FIELDS) if (typeof out[field] === 'string') out[field] = (out[field] as string).trim()
  return out
}

/** The stored form of the request's task fields; only fields that were sent are present. */
export function prepareTaskFields(request: Json, o: PrepareOptions): TaskFields {
  const raw: Json = structuredClone(defined(request))
  validateTags(raw.tags as string[] | undefined, raw.system_tags as string[] | undefined)
  upgradeRequestFields(raw, o.version, o.at)
  const fields: Json = {}
  for (const key of FIELD_NAMES) if (raw[key] !== undefined) fields[key] = raw[key]
  if (typeof raw.output_dest === 'string') fields.output = { ...o.previous?.output, destination: raw.output_dest.trim() }
  if (typeof fields.name === 'string') fields.name = checkTaskName(fields.name)
  if (isJsonObject(fields.models)) {
    const models: Json = {}
    for (const mode of ['input', 'output']) {
      const refs = fields.models[mode]
      if (Array.isArray(refs)) models[mode] = (refs as ModelRef[]).map((r) => ({ name: r.name, model: r.model, updated: o.at }))
    }
    fields.models = models
  }
  absorbLegacyParams(fields as ParamFields, o.previous)
  if (isJsonObject(fields.hyperparams)) fields.hyperparams = cleanParamItems(fields.hyperparams as Record<string, Record<string, Item>>)
  if (isJsonObject(fields.configuration)) fields.configuration = cleanConfigItems(fields.configuration as Record<string, Item>)
  if (isJsonObject(fields.execution)) fields.execution = cleanExecution(fields.execution)
  if (isJsonObject(fields.script)) fields.script = cleanScript(fields.script)
  return fields as TaskFields
}
