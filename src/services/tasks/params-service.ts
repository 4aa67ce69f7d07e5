// The run-parameter endpoints as use cases: one transaction each.
import type { Identity } from '../../domain/entities/user.js'
import type { ServiceDeps } from '../deps.js'
import { addOrUpdateArtifacts, deleteArtifacts } from './params-artifacts.js'
import { deleteConfiguration, editConfiguration, getConfigurationNames, getConfigurations } from './params-configuration.js'
import { deleteHyperParams, editHyperParams, getHyperParams } from './params-hyperparams.js'
import { addOrUpdateModel, deleteModels, setRequirements, type AddOrUpdateModel } from './params-models.js'
import type { ArtifactItem, ConfigurationItem, HyperParamItem, HyperParamKey } from './params-schemas.js'

type Edit = { task: string; force: boolean }

export function createTaskParamsService({ store, clock }: ServiceDeps) {
  return {
    getHyperParams: (identity: Identity, tasks: string[]) => store.read((tx) => getHyperParams(tx, identity, tasks)),
    editHyperParams: (identity: Identity, req: Edit & { hyperparams: HyperParamItem[]; replace_hyperparams: 'none' | 'section' | 'all' }) =>
      store.transaction((tx) => editHyperParams(tx, identity, req.task, {
        now: clock(), hyperparams: req.hyperparams, replace: req.replace_hyperparams, force: req.force,
      })),
    deleteHyperParams: (identity: Identity, req: Edit & { hyperparams: HyperParamKey[] }) =>
      store.transaction((tx) => deleteHyperParams(tx, identity, req.task, { now: clock(), hyperparams: req.hyperparams, force: req.force })),

    getConfigurations: (identity: Identity, tasks: string[], names?: string[] | null) =>
      store.read((tx) => getConfigurations(tx, identity, tasks, names)),
    getConfigurationNames: (identity: Identity, tasks: string[], skipEmpty: boolean) =>
      store.read((tx) => getConfigurationNames(tx, identity, tasks, skipEmpty)),
    editConfiguration: (identity: Identity, req: Edit & { configuration: ConfigurationItem[]; replace_configuration: boolean }) =>
      store.transaction((tx) => editConfiguration(tx, identity, req.task, {
        now: clock(), configuration: req.configuration, replace: req.replace_configuration, force: req.force,
      })),
    deleteConfiguration: (identity: Identity, req: Edit & { configuration: string[] }) =>
      store.transaction((tx) => deleteConfiguration(tx, identity, req.task, { now: clock(), names: req.configuration, force: req.force })),

    addOrUpdateArtifacts: (identity: Identity, req: { task: string; artifacts: ArtifactItem[] }) =>
      store.transaction((tx) => addOrUpdateArtifacts(tx, identity, req.task, { now: clock(), artifacts: req.artifacts })),
    deleteArtifacts: (identity: Identity, req: { task: string; artifacts: { key: string; mode: string }[] }) =>
      store.transaction((tx) => deleteArtifacts(tx, identity, req.task, { now: clock(), artifacts: req.artifacts })),

    addOrUpdateModel: (identity: Identity, task: string, o: Omit<AddOrUpdateModel, 'now'>) =>
      store.transaction((tx) => addOrUpdateModel(tx, identity, task, { ...o, now: clock() })),
    deleteModels: (identity: Identity, req: { task: string; models: { name: string; type: 'input' | 'output' }[] }) =>
      store.transaction((tx) => deleteModels(tx, identity, req.task, { now: clock(), models: req.models })),
    setRequirements: (identity: Identity, req: { task: string; requirements: Record<string, unknown> }) =>
      store.transaction((tx) => setRequirements(tx, identity, req.task, { now: clock(), requirements: req.requirements })),
  }
}

export type TaskParamsService = ReturnType<typeof createTaskParamsService>
