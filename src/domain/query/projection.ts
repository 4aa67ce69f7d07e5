// only_fields / projection: dotted paths to include, `-path` to exclude; `id` always comes along with an
// inclusion. Fields an entity hides by default appear only when asked for by name.
import { hasOwnKey, isJsonObject, splitPath } from '../object-paths.js'

export interface Projection { readonly include: readonly string[]; readonly exclude: readonly string[] }

type Json = Record<string, unknown>

function copyPath(from: Json, to: Json, parts: readonly string[]): void {
  const [head, ...rest] = parts
  if (!hasOwnKey(from, head)) return
  const value = from[head]
  if (rest.length === 0) {
    to[head] = value
    return
  }
  if (Array.isArray(value)) {
    // A path through a list keeps the list, projecting each element.
    const existing = Array.isArray(to[head]) ? (to[head] as unknown[]) : value.map(() => ({}))
    value.forEach((item, i) => {
      if (isJsonObject(item) && isJsonObject(existing[i])) copyPath(item, existing[i] as Json, rest)
    })
    to[head] = existing
    return
  }
  if (!isJsonObject(value)) return
  if (!hasOwnKey(to, head) || !isJsonObject(to[head])) to[head] = {}
  copyPath(value, to[head] as Json, rest)
}

function deletePath(doc: Json, parts: readonly string[]): void {
  const [head, ...rest] = parts
  if (!hasOwnKey(doc, head)) return
  if (rest.length === 0) {
    delete doc[head]
    return
  }
  const value = doc[head]
  if (Array.isArray(value)) value.forEach((item) => isJsonObject(item) && deletePath(item, rest))
  else if (isJsonObject(value)) deletePath(value, rest)
}

export function applyProjection(doc: object, projection: Projection | undefined, excludedByDefault: readonly string[] = []): Json {
  const source = doc as Json
  let out: Json
  if (projection && projection.include.length > 0) {
    out = {}
    for (const field of ['id', ...projection.include]) copyPath(source, out, splitPath(field))
  } else {
    out = structuredClone(source)
  }
  const asked = new Set(projection?.include ?? [])
  const excluded = [...excludedByDefault.filter((f) => !asked.has(f)), ...(projection?.exclude ?? [])]
  for (const field of excluded) deletePath(out, splitPath(field))
  return out
}
