import type { Identity } from '../../domain/entities/user.js'
import type { Store } from '../../store/store.js'

/**
 * The file name part for the `project` the export was filtered by: its basename, "root" for no project, else
 * nothing. Only a project the caller may read (their company's, or a public one) lends its name.
 */
export async function projectsBasename(store: Store, identity: Identity, project: unknown, maxLength: number): Promise<string | undefined> {
  let id = project
  if (Array.isArray(id)) {
    if (id.length !== 1) return undefined
    if (id[0] === null) return 'root'
    id = id[0]
  }
  if (typeof id !== 'string' || id === '') return undefined
  const doc = await store.read((tx) => tx.projects.get(id as string))
  if (!doc || (doc.company !== identity.company && doc.company !== '')) return undefined
  return doc.basename.slice(0, maxLength)
}
