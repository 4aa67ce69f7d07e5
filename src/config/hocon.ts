import hocon from '@pushcorn/hocon-parser'
import { hasOwnKey, isJsonObject, isSafeKey } from '../domain/object-paths.js'

export type ConfigTree = Record<string, unknown>

/** A config object (a node of the tree), as opposed to a value or a list. */
export const isTree: (v: unknown) => v is ConfigTree = isJsonObject

/**
 * The HOCON parser assigns keys into plain objects as it reads them, so a key `__proto__` (or `constructor` then
 * `prototype`) would reach Object.prototype before any tree could be checked. So the text itself is checked, \u
 * escapes decoded first: `__proto__` anywhere, and `constructor` or `prototype` where they stand as a key (followed
 * by `.`, `{`, `:`, `=` or `+=`), so the words may still appear in comments and values.
 */
const PROTOTYPE_KEY = /__proto__|\b(constructor|prototype)"?\s*(\.|\{|:|\+?=)/

function refusePrototypeKeys(text: string): void {
  const decoded = text.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  const found = PROTOTYPE_KEY.exec(decoded)
  if (found) throw new Error(`configuration key not allowed: ${found[1] ?? found[0]}`)
}

/** Parses HOCON text into a plain tree. Strict mode keeps `a: .3` a string, as the JVM and pyhocon do. */
export async function parseHocon(text: string, source: string): Promise<ConfigTree> {
  refusePrototypeKeys(text)
  try {
    const parsed = await hocon.parse({ text, strict: true })
    return isTree(parsed) ? parsed : {}
  } catch (err) {
    throw new Error(`cannot parse ${source}: ${(err as Error).message}`, { cause: err })
  }
}

/** Deep merge where later values win; a key written `-key` replaces instead of merging, as in ClearML. */
export function mergeTrees(base: ConfigTree, over: ConfigTree): ConfigTree {
  const out: ConfigTree = { ...base }
  for (const [rawKey, value] of Object.entries(over)) {
    const replace = rawKey.startsWith('-')
    const key = safeKey(replace ? rawKey.slice(1) : rawKey)
    const prev = Object.hasOwn(out, key) ? out[key] : undefined
    out[key] = !replace && isTree(prev) && isTree(value) ? mergeTrees(prev, value) : value
  }
  return out
}

/** Config keys become object keys: a prototype member's name would reach Object.prototype, so it stops the start. */
function safeKey(key: string): string {
  if (!isSafeKey(key)) throw new Error(`configuration key not allowed: ${key}`)
  return key
}

export function setPath(tree: ConfigTree, path: readonly string[], value: unknown): ConfigTree {
  if (path.length === 0) return tree
  const [head, ...rest] = path
  safeKey(head)
  const child = Object.hasOwn(tree, head) && isTree(tree[head]) ? (tree[head] as ConfigTree) : {}
  return { ...tree, [head]: rest.length === 0 ? value : setPath(child, rest, value) }
}

export function getPath(tree: ConfigTree, path: string): unknown {
  let node: unknown = tree
  for (const part of path.split('.')) {
    if (!isTree(node) || !hasOwnKey(node, part)) return undefined
    node = node[part]
  }
  return node
}
