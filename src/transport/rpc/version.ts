export const MAX_API_VERSION = '2.31'

/** "2.31" → [2, 31]; compares numerically, so 2.4 < 2.31. */
export function parseVersion(v: string): [number, number] {
  const [major, minor] = v.split('.')
  return [Number(major) || 0, Number(minor ?? 0) || 0]
}

export function compareVersions(a: string, b: string): number {
  const [a1, a2] = parseVersion(a)
  const [b1, b2] = parseVersion(b)
  return a1 !== b1 ? a1 - b1 : a2 - b2
}

export const versionAtLeast = (v: string, min: string): boolean => compareVersions(v, min) >= 0
