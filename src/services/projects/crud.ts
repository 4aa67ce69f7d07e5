// projects.create / get_by_id / update / make_public / make_private.
import { toApiDate } from '../../domain/dates.js'
import type { ProjectDoc } from '../../domain/entities/project.js'
import { assertWritableTags, conformRequestTags, isLegacyTagsVersion } from '../../domain/projects/legacy-tags.js'
import { cleanProjectName, MAX_PROJECT_DEPTH, projectDepth, renameUnder, validProjectName } from '../../domain/projects/names.js'
import { and, isIn } from '../../domain/query/filter.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import type { CallContext } from './context.js'
import { createProjectDoc, findProjectByName, getProjectForRead, getProjectForWrite } from './project-lookup.js'
import { presentProject, type WireProject } from './present.js'
import type { CreateRequest, UpdateRequest } from './schemas.js'

const sortedTags = (tags: readonly string[] | null | undefined): string[] => [...new Set(tags ?? [])].sort()

export async function createProject(tx: Repos, ctx: CallContext, input: CreateRequest): Promise<string> {
  const req = conformRequestTags('project', input, isLegacyTagsVersion(ctx.version))
  if (req.name === null || req.name === undefined) throw errors.missingRequiredFields(undefined, { fields: ['name'] })
  assertWritableTags(req.tags, req.system_tags)
  if (projectDepth(req.name) > MAX_PROJECT_DEPTH) throw errors.projectPathExceedsMax(undefined, { max_depth: MAX_PROJECT_DEPTH })
  const { name } = validProjectName(req.name)
  if (await findProjectByName(tx, ctx.identity.company, name)) {
    throw errors.expectedUniqueData('Project with the same name already exists', { name, company: ctx.identity.company })
  }
  const doc = await createProjectDoc(tx, ctx.identity, {
    name,
    now: ctx.now,
    newId: ctx.newId,
    fields: {
      description: req.description ?? '',
      tags: sortedTags(req.tags),
      system_tags: sortedTags(req.system_tags),
      default_output_destination: req.default_output_destination,
    },
  })
  return doc.id
}

export async function getProjectById(tx: Repos, ctx: CallContext, id: string): Promise<WireProject> {
  return presentProject(await getProjectForRead(tx, ctx.identity, id), ctx.version)
}

export interface UpdateResult { updated: number; fields: Record<string, unknown> }

const UPDATABLE = ['name', 'description', 'tags', 'system_tags', 'default_output_destination'] as const

export async function updateProject(tx: Repos, ctx: CallContext, input: UpdateRequest): Promise<UpdateResult> {
  const req = conformRequestTags('project', input, isLegacyTagsVersion(ctx.version))
  assertWritableTags(req.tags, req.system_tags)
  const project = await getProjectForWrite(tx, ctx.identity, req.project)
  const oldName = project.name
  const at = toApiDate(ctx.now)
  const updated: ProjectDoc = { ...project, last_update: at }
  if (req.name) {
    const clean = validProjectName(req.name)
    if (clean.location !== cleanProjectName(oldName).location) throw errors.cannotUpdateProjectLocation(undefined, { name: clean.name })
    updated.name = clean.name
    updated.basename = clean.basename
  }
  if (req.description !== undefined) updated.description = req.description ?? ''
  if (req.tags !== undefined) updated.tags = sortedTags(req.tags)
  if (req.system_tags !== undefined) updated.system_tags = sortedTags(req.system_tags)
  if (req.default_output_destination !== undefined) updated.default_output_destination = req.default_output_destination
  await tx.projects.update(updated)
  if (updated.name !== oldName) await renameDescendants(tx, updated, oldName, at)
  return { updated: 1, fields: echoFields(req) }
}

/** ClearML echoes the fields it was sent (tags sorted), not the stored result. */
function echoFields(req: UpdateRequest): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const key of UPDATABLE) {
    if (req[key] === undefined) continue
    fields[key] = key === 'tags' || key === 'system_tags' ? sortedTags(req[key] as string[] | null) : req[key]
  }
  return fields
}

export async function descendantsOf(tx: Repos, projectId: string): Promise<ProjectDoc[]> {
  return tx.projects.find({ filter: isIn('path', [projectId]) })
}

async function renameDescendants(tx: Repos, project: ProjectDoc, oldName: string, at: string): Promise<number> {
  const children = await descendantsOf(tx, project.id)
  for (const child of children) {
    await tx.projects.update({ ...child, name: renameUnder(child.name, oldName, project.name), last_update: at })
  }
  return children.length
}

export async function setProjectsPublic(tx: Repos, ctx: CallContext, ids: string[], isPublic: boolean): Promise<{ updated: number }> {
  const company = ctx.identity.company
  const candidates = await tx.projects.find({
    filter: and(isIn('id', ids), isPublic ? isIn('company', [company]) : isIn('company', [''])),
  })
  const items = isPublic ? candidates : candidates.filter((p) => p.company_origin === company)
  const found = new Set(items.map((p) => p.id))
  const missing = [...new Set(ids)].filter((id) => !found.has(id))
  if (missing.length > 0) throw errors.invalidProjectId(undefined, { ids: missing })
  for (const p of items) {
    const next: ProjectDoc = isPublic ? { ...p, company: '', company_origin: company } : { ...p, company }
    if (!isPublic) delete next.company_origin
    await tx.projects.update(next)
  }
  return { updated: items.length }
}
