// Model access shared by every service that touches models. All functions take the open transaction's repos.
//
//   getModelForRead(tx, identity, id)   → a model of the caller's company or a public one (400/201 otherwise)
//   getModelForWrite(tx, identity, id)  → a model of the caller's company (400/201 otherwise, public ones included:
//                                         ClearML looks models up for writing by company, so a public model is
//                                         "invalid" rather than forbidden — test_models.py::test_make_public)
//   saveModel(tx, model, o)             → stamps last_change/last_changed_by (and last_update when asked) and writes
import { toApiDate } from '../../domain/dates.js'
import type { ModelDoc } from '../../domain/entities/model.js'
import type { Identity } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'
import type { Repos } from '../../store/store.js'

export async function getModelForRead(tx: Repos, identity: Identity, id: string): Promise<ModelDoc> {
  const model = await tx.models.get(id)
  if (!model || (model.company !== identity.company && model.company !== '')) {
    throw errors.invalidModelId('no such public or company model', { id, company: identity.company })
  }
  return model
}

export async function getModelForWrite(tx: Repos, identity: Identity, id: string): Promise<ModelDoc> {
  const model = await tx.models.get(id)
  if (!model || model.company !== identity.company) throw errors.invalidModelId(undefined, { company: identity.company, id })
  return model
}

export interface SaveModelOptions {
  identity: Identity
  now: Date
  /** Content changes (uri, tags, ready…) also bump last_update, which the UI sorts by. */
  touch?: boolean
}

export async function saveModel(tx: Repos, model: ModelDoc, o: SaveModelOptions): Promise<void> {
  const at = toApiDate(o.now)
  model.last_change = at
  model.last_changed_by = o.identity.user
  if (o.touch) model.last_update = at
  await tx.models.update(model)
}
