// Turning request fields into stored model fields: the checks ClearML's create/edit/update share.
import { parseApiDate, toApiDate } from '../../domain/dates.js'
import type { MetadataItem, ModelDoc } from '../../domain/entities/model.js'
import type { Identity } from '../../domain/entities/user.js'
import { checkLabels, cleanModelName, CONTENT_FIELDS, sortedTags } from '../../domain/models/fields.js'
import { metadataFromApi } from '../../domain/models/metadata.js'
import { assertWritableTags } from '../../domain/projects/legacy-tags.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'

export type Fields = Record<string, unknown>

/** The request's fields without the ones left out or sent as null (ClearML drops None values). */
export function given(request: Fields, names: readonly string[]): Fields {
  return Object.fromEntries(names.filter((n) => request[n] !== undefined && request[n] !== null).map((n) => [n, request[n]]))
}

function storedValue(field: string, value: unknown): unknown {
  switch (field) {
    case 'name':
      return cleanModelName(value as string)
    case 'uri':
      return (value as string).trim()
    case 'tags':
    case 'system_tags':
      return sortedTags(value as string[])
    case 'labels':
      return checkLabels(value as Record<string, unknown>)
    case 'metadata':
      return metadataFromApi(value as MetadataItem[] | Record<string, MetadataItem>)
    case 'created': {
      const date = parseApiDate(value)
      if (!date) throw errors.dataValidation('cannot parse date value', { created: String(value) })
      return toApiDate(date)
    }
    default:
      return value
  }
}

/** Checks and converts the fields to their stored form (400/12 labels, 400/16 tags, 400/800 name or date). */
export function toStored(fields: Fields): Fields {
  assertWritableTags(fields.tags as string[] | undefined, fields.system_tags as string[] | undefined)
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === null ? null : storedValue(k, v)]))
}

const REFERENCES = [['task', 'tasks', 'Task'], ['project', 'projects', 'Project'], ['parent', 'models', 'Model']] as const

/** models.edit takes only ids of existing documents (of any company, as ClearML checks): 400/16 otherwise. */
export async function assertReferencesExist(tx: Repos, fields: Fields): Promise<void> {
  for (const [field, repo, kind] of REFERENCES) {
    const id = fields[field]
    if (typeof id === 'string' && !(await tx[repo].get(id))) throw errors.fieldsValue(`expecting ${kind} id`, { id, field })
  }
}

/** Writes `fields` to the model with the change stamps; returns what was written, as update answers report it. */
export async function writeModelFields(tx: Repos, model: ModelDoc, fields: Fields, o: { identity: Identity; now: Date }): Promise<Fields> {
  const at = toApiDate(o.now)
  const written: Fields = { ...fields, last_change: at, last_changed_by: o.identity.user }
  if (Object.keys(fields).some((f) => CONTENT_FIELDS.includes(f))) written.last_update = at
  Object.assign(model, written)
  await tx.models.update(model)
  return written
}
