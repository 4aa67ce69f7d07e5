// Operations over many models at once: archive/unarchive, move, make public/private, tag edits.
import { toApiDate } from '../../domain/dates.js'
import type { ModelDoc } from '../../domain/entities/model.js'
import type { Identity } from '../../domain/entities/user.js'
import { ARCHIVED_TAG, sortedTags } from '../../domain/models/fields.js'
import { assertWritableTags } from '../../domain/projects/legacy-tags.js'
import { and, eq, isIn } from '../../domain/query/filter.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'
import { runBatch } from '../common/batch.js'
import type { ServiceDeps } from '../deps.js'
import { ensureProjectByName } from '../projects/project-lookup.js'
import { getModelForWrite, saveModel } from './model-lookup.js'

const ownModels = (tx: Repos, company: string, ids: readonly string[]): Promise<ModelDoc[]> =>
  tx.models.find({ filter: and(eq('company', company), isIn('id', [...new Set(ids)])) })

function stamp(model: ModelDoc, identity: Identity, now: Date): void {
  model.last_change = toApiDate(now)
  model.last_changed_by = identity.user
}

async function setArchived(tx: Repos, identity: Identity, id: string, o: { archived: boolean; now: Date }): Promise<void> {
  const model = await getModelForWrite(tx, identity, id)
  const rest = (model.system_tags ?? []).filter((t) => t !== ARCHIVED_TAG)
  model.system_tags = o.archived ? sortedTags([...rest, ARCHIVED_TAG]) : rest
  await saveModel(tx, model, { identity, now: o.now })
}

/** The target of models.move: a project of the caller's company by id (400/401), by name (created when missing),
 *  or null (the root). */
async function moveTarget(tx: Repos, identity: Identity, o: { project?: string | null; projectName?: string | null; now: Date; newId: () => string }) {
  if (o.projectName) return ensureProjectByName(tx, identity, o.projectName, o.now, o.newId)
  if (!o.project) return null
  const project = await tx.projects.get(o.project)
  if (!project || project.company !== identity.company) throw errors.invalidProjectId(undefined, { id: o.project })
  return project.id
}

export interface UpdateTagsInput { ids?: string[] | null; add?: string[] | null; remove?: string[] | null }

export function createBulkOps({ store, clock, ids: newId }: Pick<ServiceDeps, 'store' | 'clock' | 'ids'>) {
  const archiveMany = (archived: boolean) => (identity: Identity, ids: readonly string[]) => store.transaction((tx) =>
    runBatch(ids, async (id) => {
      await setArchived(tx, identity, id, { archived, now: clock() })
      return archived ? { id, archived: true } : { id, unarchived: true }
    }))

  return {
    archiveMany: archiveMany(true),
    unarchiveMany: archiveMany(false),

    /** Models of other companies among `ids` are skipped silently, as ClearML's company-scoped update does. */
    move: (identity: Identity, ids: readonly string[], o: { project?: string | null; projectName?: string | null }) =>
      store.transaction(async (tx) => {
        if (o.project === undefined && !o.projectName) throw errors.missingRequiredFields('project or project_name is required')
        const now = clock()
        const target = await moveTarget(tx, identity, { ...o, now, newId })
        for (const model of await ownModels(tx, identity.company, ids)) {
          model.project = target
          stamp(model, identity, now)
          await tx.models.update(model)
        }
        return { project_id: target }
      }),

    /** Public models keep their company in company_origin, so only that company can take them back. */
    setPublic: (identity: Identity, ids: readonly string[], isPublic: boolean) => store.transaction(async (tx) => {
      const unique = [...new Set(ids)]
      const found = isPublic
        ? await ownModels(tx, identity.company, unique)
        : (await tx.models.getMany(unique)).filter((m) => m.company === '' && m.company_origin === identity.company)
      const missing = unique.filter((id) => !found.some((m) => m.id === id))
      if (missing.length > 0) throw errors.invalidModelId(undefined, { ids: missing })
      const now = clock()
      for (const model of found) {
        if (isPublic) Object.assign(model, { company: '', company_origin: identity.company })
        else {
          model.company = identity.company
          delete model.company_origin
        }
        stamp(model, identity, now)
        await tx.models.update(model)
      }
      return { updated: found.length }
    }),

    /** `updated` counts one per model and operation, as ClearML adds the counts of its two updates. */
    updateTags: (identity: Identity, o: UpdateTagsInput) => store.transaction(async (tx) => {
      if (!o.ids?.length) throw errors.validation('No entity ids provided for editing tags')
      if (!o.add?.length && !o.remove?.length) throw errors.validation('Either add tags or remove tags should be provided')
      assertWritableTags(o.add)
      const now = clock()
      const models = await ownModels(tx, identity.company, o.ids)
      const drop = new Set(o.remove ?? [])
      for (const model of models) {
        // Adds first, then removes: a tag in both lists ends up removed, as with ClearML's two updates.
        model.tags = sortedTags([...(model.tags ?? []), ...(o.add ?? [])]).filter((t) => !drop.has(t))
        stamp(model, identity, now)
        await tx.models.update(model)
      }
      const operations = (o.add?.length ? 1 : 0) + (o.remove?.length ? 1 : 0)
      return { updated: models.length * operations }
    }),
  }
}
