// Requests of the run-parameter endpoints: hyperparameters, configuration, artifacts, models, requirements.
import { z } from 'zod'
import * as b from '../common/bounds.js'

const flag = (fallback: boolean) => z.boolean().nullish().transform((v) => v ?? fallback)
const optionalText = b.text().nullish().transform((v) => v ?? undefined)
const optionalName = b.name().nullish().transform((v) => v ?? undefined)
// The SDK stringifies values, but older clients and hand-written calls send numbers and booleans; ClearML's
// fields are strings, so those are kept as their text.
const value = z.union([z.string(), z.number(), z.boolean()]).transform(String)

const TaskIds = b.ids().min(1)
const TaskEdit = { task: b.id().min(1), force: flag(false) }

export const HyperParamItem = z.object({
  section: b.name().min(1),
  name: b.name().min(1),
  value,
  type: optionalName,
  description: optionalText,
})
export type HyperParamItem = z.infer<typeof HyperParamItem>

export const GetHyperParamsRequest = z.object({ tasks: TaskIds })
export const EditHyperParamsRequest = z.object({
  ...TaskEdit,
  hyperparams: b.list(HyperParamItem).min(1),
  replace_hyperparams: z.enum(['none', 'section', 'all']).nullish().transform((v) => v ?? 'none'),
})
export const HyperParamKey = z.object({ section: b.name().min(1), name: b.name().nullish() })
export type HyperParamKey = z.infer<typeof HyperParamKey>
export const DeleteHyperParamsRequest = z.object({ ...TaskEdit, hyperparams: b.list(HyperParamKey).min(1) })

export const ConfigurationItem = z.object({ name: b.name().min(1), value, type: optionalName, description: optionalText })
export type ConfigurationItem = z.infer<typeof ConfigurationItem>
export const GetConfigurationsRequest = z.object({ tasks: TaskIds, names: b.names().nullish() })
export const GetConfigurationNamesRequest = z.object({ tasks: TaskIds, skip_empty: flag(true) })
export const EditConfigurationRequest = z.object({
  ...TaskEdit,
  configuration: b.list(ConfigurationItem).min(1),
  replace_configuration: flag(false),
})
export const DeleteConfigurationRequest = z.object({ ...TaskEdit, configuration: b.names().min(1) })

const mode = z.enum(['input', 'output']).nullish().transform((v) => v ?? 'output')
export const ArtifactItem = z.object({
  key: b.name(),
  type: b.name(),
  mode,
  uri: optionalText,
  hash: optionalText,
  content_size: b.count().nullish().transform((v) => v ?? undefined),
  timestamp: b.safeInt().nullish().transform((v) => v ?? undefined),
  type_data: z.object({ preview: optionalText, content_type: optionalText, data_hash: optionalText }).nullish()
    .transform((v) => v ?? undefined),
  display_data: z.array(z.array(z.unknown())).nullish().transform((v) => v ?? undefined),
})
export type ArtifactItem = z.infer<typeof ArtifactItem>
export const AddOrUpdateArtifactsRequest = z.object({ ...TaskEdit, artifacts: b.list(ArtifactItem).min(1) })
export const ArtifactId = z.object({ key: b.name(), mode })
export const DeleteArtifactsRequest = z.object({ ...TaskEdit, artifacts: b.list(ArtifactId).min(1) })

const modelType = z.enum(['input', 'output'])
export const AddOrUpdateModelRequest = z.object({
  task: b.id().min(1),
  name: b.name(),
  model: b.id(),
  type: modelType,
  iteration: z.number().int().nullish().transform((v) => v ?? undefined),
})
export const DeleteModelsRequest = z.object({
  task: b.id().min(1),
  models: b.list(z.object({ name: b.name(), type: modelType })),
})

export const SetRequirementsRequest = z.object({ task: b.id().min(1), requirements: z.record(z.unknown()) })
