import type { Store } from '../../store/store.js'

/** The file name part for the `project` the export was filtered by: its basename, "root" for no project, else nothing. */
export async function projectsBasename(store: Store, project: unknown, maxLength: number): Promise<string | undefined> {
  let id = project
  if (Array.isArray(id)) {
    if (id.length !== 1) return undefined
    if (id[0] === null) return 'root'
    id = id[0]
  }
  if (typeof id !== 'string' || id === '') return undefined
  const doc = await store.read((tx) => tx.projects.get(id as string))
  return doc?.basename.slice(0, maxLength)
}
