// Model metadata is stored as a map keyed by each item's `key`; clients send it either as that map
// (models.create/edit/update) or as a list of items (models.add_or_update_metadata).
import type { MetadataItem } from '../entities/model.js'

export type ModelMetadata = Record<string, MetadataItem>

const copyItem = (key: string, item: MetadataItem): MetadataItem => {
  const out: MetadataItem = { key }
  if (item.type !== undefined) out.type = item.type
  if (item.value !== undefined) out.value = item.value
  return out
}

/** The map as stored; a map's own keys win over the items' `key` fields, as in ClearML. */
export function metadataFromApi(data: readonly MetadataItem[] | Record<string, MetadataItem>): ModelMetadata {
  if (Array.isArray(data)) return Object.fromEntries(data.map((item) => [item.key, copyItem(item.key, item)]))
  return Object.fromEntries(Object.entries(data).map(([key, item]) => [key, copyItem(item.key ?? key, item)]))
}

export function mergeMetadata(current: ModelMetadata | undefined, items: readonly MetadataItem[], replace: boolean): ModelMetadata {
  const incoming = metadataFromApi(items)
  return replace ? incoming : { ...(current ?? {}), ...incoming }
}

export function withoutMetadataKeys(current: ModelMetadata | undefined, keys: readonly string[]): ModelMetadata {
  const drop = new Set(keys)
  return Object.fromEntries(Object.entries(current ?? {}).filter(([key]) => !drop.has(key)))
}
