// Project lookups and tree writes that other services share (tasks and models take project names and ids).
// Every function runs inside the caller's transaction and awaits only store calls.
import { toApiDate } from '../../domain/dates.js'
import type { ProjectDoc } from '../../domain/entities/project.js'
import type { Identity } from '../../domain/entities/user.js'
import { and, eq, isIn } from '../../domain/query/filter.js'
import { cleanProjectName, MIN_PROJECT_NAME_LENGTH, validProjectName } from '../../domain/projects/names.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'

export interface NewProjectFields {
  description?: string
  tags?: string[]
  system_tags?: string[]
  default_output_destination?: string | null
}

/** The project with this full name in the caller's company; 400/414 when only a public one has it. */
export async function findProjectByName(tx: Repos, company: string, name: string): Promise<ProjectDoc | undefined> {
  const found = await tx.projects.find({ filter: and(isIn('company', [company, '']), eq('name', name)) })
  const own = found.find((p) => p.company === company)
  if (!own && found.length > 0) throw errors.publicProjectExists(undefined, { name })
  return own
}

/**
 * Id of the project with that full name, creating it and any missing parents (ClearML's find_or_create);
 * `fields` apply to the project itself when it is created (reports.create makes hidden `.reports` folders).
 */
export async function ensureProjectByName(
  tx: Repos, identity: Identity, name: string, now: Date, newId: () => string, fields: NewProjectFields = {},
): Promise<string> {
  const clean = validProjectName(name)
  const existing = await findProjectByName(tx, identity.company, clean.name)
  if (existing) return existing.id
  return (await createProjectDoc(tx, identity, { name: clean.name, fields, now, newId })).id
}

/** The parent project for a child at `location`, created with its own ancestors when missing; null at the top. */
export async function ensureParent(
  tx: Repos, identity: Identity, location: string, o: { now: Date; newId: () => string },
): Promise<ProjectDoc | null> {
  const { name } = cleanProjectName(location)
  if (name === '') return null
  const existing = await findProjectByName(tx, identity.company, name)
  if (existing) return existing
  return createProjectDoc(tx, identity, { name, fields: {}, now: o.now, newId: o.newId })
}

/** Inserts a project under its (possibly new) parent; the caller has validated the name and checked it is free. */
export async function createProjectDoc(
  tx: Repos, identity: Identity, o: { name: string; fields: NewProjectFields; now: Date; newId: () => string },
): Promise<ProjectDoc> {
  const clean = cleanProjectName(o.name)
  // Ancestors are created from prefixes of a checked name; only a short top-level prefix can be invalid.
  if (clean.name.length < MIN_PROJECT_NAME_LENGTH) {
    throw errors.invalidProjectName(`at least ${MIN_PROJECT_NAME_LENGTH} characters required`, { name: clean.name })
  }
  const parent = await ensureParent(tx, identity, clean.location, o)
  const at = toApiDate(o.now)
  const doc: ProjectDoc = {
    id: o.newId(),
    company: identity.company,
    user: identity.user,
    name: clean.name,
    basename: clean.basename,
    description: o.fields.description ?? '',
    created: at,
    last_update: at,
    tags: o.fields.tags ?? [],
    system_tags: o.fields.system_tags ?? [],
    featured: 9999,
    parent: parent?.id ?? null,
    path: parent ? [...parent.path, parent.id] : [],
  }
  if (o.fields.default_output_destination != null) doc.default_output_destination = o.fields.default_output_destination
  await tx.projects.insert(doc)
  if (parent) await tx.projects.update({ ...parent, last_update: at })
  return doc
}

/** A project of the caller's company or a public one; 400/401 otherwise. */
export async function getProjectForRead(tx: Repos, identity: Identity, id: string): Promise<ProjectDoc> {
  const project = await tx.projects.get(id)
  if (!project || (project.company !== identity.company && project.company !== '')) {
    throw errors.invalidProjectId(undefined, { id })
  }
  return project
}

/** A project the caller may change: 400/401 when unknown, 403/21 when public. */
export async function getProjectForWrite(tx: Repos, identity: Identity, id: string): Promise<ProjectDoc> {
  const project = await getProjectForRead(tx, identity, id)
  if (project.company === '') throw errors.noWritePermission(`cannot modify public project(s), ids=(${id})`)
  return project
}

/** Bumps last_update: ClearML moves a project up the UI's "recent" order whenever its contents change. */
export async function touchProject(tx: Repos, projectId: string | null | undefined, now: Date): Promise<void> {
  if (!projectId) return
  const project = await tx.projects.get(projectId)
  if (project) await tx.projects.update({ ...project, last_update: toApiDate(now) })
}

/** The given ids plus every descendant's (the given ids first, in order, without duplicates). */
export async function projectAndDescendantIds(tx: Repos, company: string, projectIds: string[]): Promise<string[]> {
  if (projectIds.length === 0) return []
  const children = await tx.projects.find({ filter: and(isIn('company', [company, '']), isIn('path', projectIds)) })
  return [...new Set([...projectIds, ...children.map((c) => c.id)])]
}
