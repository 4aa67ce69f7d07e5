// Every registered endpoint, grouped by name and ordered newest handler first.
import type { Endpoint } from './endpoint.js'
import { compareVersions } from './version.js'

export interface Registry {
  /** The newest handler whose min_version is at or below the requested version. */
  resolve(name: string, version: string): Endpoint | undefined
  names(): string[]
}

export function createRegistry(endpoints: readonly Endpoint[]): Registry {
  const byName = new Map<string, Endpoint[]>()
  for (const e of endpoints) {
    const list = byName.get(e.name) ?? []
    if (list.some((x) => x.minVersion === e.minVersion)) throw new Error(`endpoint ${e.name}@${e.minVersion} registered twice`)
    list.push(e)
    list.sort((a, b) => compareVersions(b.minVersion, a.minVersion))
    byName.set(e.name, list)
  }
  return {
    resolve: (name, version) => byName.get(name)?.find((e) => compareVersions(e.minVersion, version) <= 0),
    names: () => [...byName.keys()].sort(),
  }
}
