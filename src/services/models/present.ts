// What clients read of a model. The SDK type-checks every field, so containers are never null; and the answer
// depends on the API version the client asked for (old clients get system tags inside `tags`, no metadata map).
import type { ModelDoc } from '../../domain/entities/model.js'
import { MODEL_REFERENCE_FIELDS } from '../../domain/models/spec.js'
import { conformOutputTags, isLegacyTagsVersion } from '../../domain/projects/legacy-tags.js'

type Json = Record<string, unknown>

/** The stored document with every container present, as ClearML's defaults would have it. */
export function withDefaults(model: ModelDoc): Json {
  return {
    ...model,
    tags: model.tags ?? [],
    system_tags: model.system_tags ?? [],
    labels: model.labels ?? {},
    design: model.design ?? {},
    metadata: model.metadata ?? {},
    uri: model.uri ?? '',
    last_iteration: model.last_iteration ?? 0,
    last_metrics: model.last_metrics ?? {},
  }
}

/** Metadata arrived in API 2.17 as a map; ClearML answers older clients with an empty list. */
const METADATA_AS_MAP_SINCE: [number, number] = [2, 17]

function isBefore(version: string, [major, minor]: [number, number]): boolean {
  const [a, b] = version.split('.').map((n) => Number(n) || 0)
  return a < major || (a === major && (b ?? 0) < minor)
}

/** Applies the version-dependent output rules to a model (or to the `fields` of an update answer), in place. */
export function conformModel<T extends Json>(doc: T, version: string): T {
  conformOutputTags(doc, isLegacyTagsVersion(version))
  if ('metadata' in doc && isBefore(version, METADATA_AS_MAP_SINCE)) (doc as Json).metadata = []
  return doc
}

/** _ex answers carry references as objects: `{id}`, or `{id, name…}` when a join asked for more. */
export function expandReferences(doc: Json): Json {
  for (const field of MODEL_REFERENCE_FIELDS) {
    const value = doc[field]
    if (typeof value === 'string') doc[field] = value === '' ? {} : { id: value }
  }
  return doc
}
