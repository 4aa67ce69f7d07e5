// Queue metadata edits (queues.add_or_update_metadata / delete_metadata): items are keyed by their `key`.
import type { MetadataItem } from '../entities/model.js'

export type Metadata = Record<string, MetadataItem>

export function metadataFromList(items: readonly MetadataItem[]): Metadata {
  return Object.fromEntries(items.map((item) => [item.key, { key: item.key, type: item.type, value: item.value }]))
}

export function mergeMetadata(current: Metadata | undefined, items: readonly MetadataItem[], replace: boolean): Metadata {
  const incoming = metadataFromList(items)
  return replace ? incoming : { ...(current ?? {}), ...incoming }
}

export function deleteMetadataKeys(current: Metadata | undefined, keys: readonly string[]): Metadata {
  const drop = new Set(keys)
  return Object.fromEntries(Object.entries(current ?? {}).filter(([key]) => !drop.has(key)))
}
