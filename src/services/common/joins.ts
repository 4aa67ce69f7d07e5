// Reference joins of the *_ex endpoints: asking for "project.name" turns the project id into {id, name}.
import { hasOwnKey, isJsonObject } from '../../domain/object-paths.js'
import type { Projection } from '../../domain/query/projection.js'
import type { Repos } from '../../store/store.js'

export type JoinTarget = 'projects' | 'tasks' | 'models' | 'queues' | 'users'
/** Reference field path (e.g. "project", "models.input.model") → the collection it points into. */
export type JoinSpec = Readonly<Record<string, JoinTarget>>

type Json = Record<string, unknown>

/** Visits every place a path reaches, through lists, calling `fn(holder, key)` on the last hop. Own keys only. */
export function visit(doc: Json, parts: readonly string[], fn: (holder: Json, key: string) => void): void {
  const [head, ...rest] = parts
  if (!hasOwnKey(doc, head)) return
  if (rest.length === 0) {
    fn(doc, head)
    return
  }
  const next = doc[head]
  if (Array.isArray(next)) next.forEach((item) => isJsonObject(item) && visit(item, rest, fn))
  else if (isJsonObject(next)) visit(next, rest, fn)
}

async function loadTargets(tx: Repos, target: JoinTarget, ids: string[]): Promise<Map<string, Json>> {
  const found = new Map<string, Json>()
  if (target === 'users') {
    for (const id of ids) {
      const u = await tx.users.get(id)
      if (u) found.set(id, { id: u.id, name: u.name })
    }
    return found
  }
  for (const doc of await tx[target].getMany(ids)) found.set(doc.id, doc)
  return found
}

/**
 * Replaces joined reference ids in `docs` (in place) and returns the projection to apply afterwards, which keeps
 * the `id` of every joined object. Only joins named in the projection are resolved.
 */
export async function resolveJoins(tx: Repos, docs: Json[], projection: Projection | undefined, joins: JoinSpec): Promise<Projection | undefined> {
  if (!projection) return projection
  const include = [...projection.include]
  for (const [refPath, target] of Object.entries(joins)) {
    const wanted = projection.include.filter((f) => f.startsWith(`${refPath}.`)).map((f) => f.slice(refPath.length + 1))
    if (wanted.length === 0) continue
    const parts = refPath.split('.')
    const ids = new Set<string>()
    for (const doc of docs) visit(doc, parts, (holder, key) => typeof holder[key] === 'string' && ids.add(holder[key] as string))
    const targets = await loadTargets(tx, target, [...ids])
    for (const doc of docs) {
      visit(doc, parts, (holder, key) => {
        const id = holder[key]
        if (typeof id !== 'string') return
        const found = targets.get(id)
        const joined: Json = { id }
        for (const field of wanted) if (found && hasOwnKey(found, field)) joined[field] = found[field]
        holder[key] = joined
      })
    }
    include.push(`${refPath}.id`)
  }
  return { include, exclude: projection.exclude }
}
