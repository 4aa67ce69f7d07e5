// Clients older than API 2.3 know only `tags`: ClearML splits their system tags out on the way in and merges
// them back on the way out. The set of names each entity treats as system tags is ClearML's.
import { isVersionBelow, validateTags } from '../tasks/compat.js'

export type TaggedEntity = 'project' | 'task' | 'model' | 'queue'

const withExcluded = (...names: string[]): Set<string> => new Set(names.flatMap((n) => [n, `-${n}`]))

const SYSTEM_TAG_NAMES: Record<TaggedEntity, Set<string>> = {
  model: withExcluded('active', 'archived'),
  project: withExcluded('archived', 'public', 'default'),
  task: withExcluded('active', 'archived', 'development'),
  queue: withExcluded('default'),
}
const SYSTEM_TAG_PREFIXES: Partial<Record<TaggedEntity, string[]>> = { task: ['annotat', '-annotat'] }

/** Clients below API 2.3 send and read system tags inside `tags`. */
export const isLegacyTagsVersion = (version: string): boolean => isVersionBelow(version, '2.3')

/** Splits one old-style tag list into user tags and system tags. */
export function partitionTags(entity: TaggedEntity, tags: readonly string[]): { tags: string[]; systemTags: string[] } {
  const prefixes = SYSTEM_TAG_PREFIXES[entity] ?? []
  const isSystem = (t: string) => SYSTEM_TAG_NAMES[entity].has(t) || prefixes.some((p) => t.toLowerCase().startsWith(p))
  const unique = [...new Set(tags)]
  return { tags: unique.filter((t) => !isSystem(t)), systemTags: unique.filter(isSystem) }
}

/** Tags starting with the query operator prefix could never be searched for, so ClearML refuses them (400/16). */
export const assertWritableTags = (...lists: (readonly string[] | null | undefined)[]): void =>
  validateTags(...lists.map((l) => l ?? undefined))

/**
 * The request's `tags`/`system_tags` as ClearML reads them at this API version: an old client's `tags` are split
 * unless it also sent `system_tags`. Returns undefined fields unchanged.
 */
export function conformRequestTags<T extends { tags?: unknown; system_tags?: unknown }>(
  entity: TaggedEntity, request: T, legacy: boolean,
): T {
  if (!legacy || !Array.isArray(request.tags)) return request
  const system = request.system_tags
  if (Array.isArray(system) && system.length > 0) return request
  const split = partitionTags(entity, request.tags.filter((t): t is string => typeof t === 'string'))
  return { ...request, tags: split.tags, system_tags: split.systemTags }
}

/** Output tags: sorted; for an old client the system tags are merged into `tags`. */
export function conformOutputTags(doc: Record<string, unknown>, legacy: boolean): void {
  const tags = Array.isArray(doc.tags) ? (doc.tags as string[]) : undefined
  const system = Array.isArray(doc.system_tags) ? (doc.system_tags as string[]) : undefined
  if (legacy && system && system.length > 0) doc.tags = [...new Set([...(tags ?? []), ...system])]
  for (const field of ['tags', 'system_tags'] as const) {
    const list = doc[field]
    if (Array.isArray(list) && list.length > 0) doc[field] = [...(list as string[])].sort()
  }
}
