// models.add_or_update_metadata and models.delete_metadata. `updated` is 1 whenever the model exists: ClearML
// counts matched documents, not changed ones.
import type { MetadataItem } from '../../domain/entities/model.js'
import type { Identity } from '../../domain/entities/user.js'
import { mergeMetadata, withoutMetadataKeys } from '../../domain/models/metadata.js'
import type { ServiceDeps } from '../deps.js'
import { getModelForWrite, saveModel } from './model-lookup.js'

export function createMetadataOps({ store, clock }: Pick<ServiceDeps, 'store' | 'clock'>) {
  return {
    addOrUpdateMetadata: (identity: Identity, modelId: string, items: readonly MetadataItem[], replace: boolean) =>
      store.transaction(async (tx) => {
        const model = await getModelForWrite(tx, identity, modelId)
        model.metadata = mergeMetadata(model.metadata, items, replace)
        await saveModel(tx, model, { identity, now: clock(), touch: true })
        return { updated: 1 }
      }),

    deleteMetadata: (identity: Identity, modelId: string, keys: readonly string[]) => store.transaction(async (tx) => {
      const model = await getModelForWrite(tx, identity, modelId)
      model.metadata = withoutMetadataKeys(model.metadata, keys)
      await saveModel(tx, model, { identity, now: clock(), touch: true })
      return { updated: 1 }
    }),
  }
}
