import hocon from '@pushcorn/hocon-parser'

export type ConfigTree = Record<string, unknown>

export const isTree = (v: unknown): v is ConfigTree => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Parses HOCON text into a plain tree. Strict mode keeps `a: .3` a string, as the JVM and pyhocon do. */
export async function parseHocon(text: string, source: string): Promise<ConfigTree> {
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
    const key = replace ? rawKey.slice(1) : rawKey
    const prev = out[key]
    out[key] = !replace && isTree(prev) && isTree(value) ? mergeTrees(prev, value) : value
  }
  return out
}

export function setPath(tree: ConfigTree, path: readonly string[], value: unknown): ConfigTree {
  if (path.length === 0) return tree
  const [head, ...rest] = path
  const child = isTree(tree[head]) ? (tree[head] as ConfigTree) : {}
  return { ...tree, [head]: rest.length === 0 ? value : setPath(child, rest, value) }
}

export function getPath(tree: ConfigTree, path: string): unknown {
  let node: unknown = tree
  for (const part of path.split('.')) {
    if (!isTree(node)) return undefined
    node = node[part]
  }
  return node
}
