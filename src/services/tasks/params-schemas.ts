// Requests of the run-parameter endpoints: hyperparameters, configuration, artifacts, models, requirements.
import { z } from 'zod'

const flag = (fallback: boolean) => z.boolean().nullish().transform((v) => v ?? fallback)
const optionalText = z.string().nullish().transform((v) => v ?? undefined)
// The SDK stringifies values, but older clients and hand-written calls send numbers and booleans; ClearML's
// fields are strings, so those are kept as their text.
const value = z.union([z.string(), z.number(), z.boolean()]).transform(String)

const TaskIds = z.array(z.string()).min(1)
const TaskEdit = { task: z.string().min(1), force: flag(false) }

export const HyperParamItem = z.object({
  section: z.string().min(1),
  name: z.string().min(1),
  value,
  type: optionalText,
  description: optionalText,
})
export type HyperParamItem = z.infer<typeof HyperParamItem>

export const GetHyperParamsRequest = z.object({ tasks: TaskIds })
export const EditHyperParamsRequest = z.object({
  ...TaskEdit,
  hyperparams: z.array(HyperParamItem).min(1),
  replace_hyperparams: z.enum(['none', 'section', 'all']).nullish().transform((v) => v ?? 'none'),
})
export const HyperParamKey = z.object({ section: z.string().min(1), name: z.string().nullish() })
export type HyperParamKey = z.infer<typeof HyperParamKey>
export const DeleteHyperParamsRequest = z.object({ ...TaskEdit, hyperparams: z.array(HyperParamKey).min(1) })

export const ConfigurationItem = z.object({ name: z.string().min(1), value, type: optionalText, description: optionalText })
export type ConfigurationItem = z.infer<typeof ConfigurationItem>
export const GetConfigurationsRequest = z.object({ tasks: TaskIds, names: z.array(z.string()).nullish() })
export const GetConfigurationNamesRequest = z.object({ tasks: TaskIds, skip_empty: flag(true) })
export const EditConfigurationRequest = z.object({
  ...TaskEdit,
  configuration: z.array(ConfigurationItem).min(1),
  replace_configuration: flag(false),
})
export const DeleteConfigurationRequest = z.object({ ...TaskEdit, configuration: z.array(z.string()).min(1) })

const mode = z.enum(['input', 'output']).nullish().transform((v) => v ?? 'output')
export const ArtifactItem = z.object({
  key: z.string(),
  type: z.string(),
  mode,
  uri: optionalText,
  hash: optionalText,
  content_size: z.number().int().nullish().transform((v) => v ?? undefined),
  timestamp: z.number().int().nullish().transform((v) => v ?? undefined),
  type_data: z.object({ preview: optionalText, content_type: optionalText, data_hash: optionalText }).nullish()
    .transform((v) => v ?? undefined),
  display_data: z.array(z.array(z.unknown())).nullish().transform((v) => v ?? undefined),
})
export type ArtifactItem = z.infer<typeof ArtifactItem>
export const AddOrUpdateArtifactsRequest = z.object({ ...TaskEdit, artifacts: z.array(ArtifactItem).min(1) })
export const ArtifactId = z.object({ key: z.string(), mode })
export const DeleteArtifactsRequest = z.object({ ...TaskEdit, artifacts: z.array(ArtifactId).min(1) })

const modelType = z.enum(['input', 'output'])
export const AddOrUpdateModelRequest = z.object({
  task: z.string().min(1),
  name: z.string(),
  model: z.string(),
  type: modelType,
  iteration: z.number().int().nullish().transform((v) => v ?? undefined),
})
export const DeleteModelsRequest = z.object({
  task: z.string().min(1),
  models: z.array(z.object({ name: z.string(), type: modelType })),
})

export const SetRequirementsRequest = z.object({ task: z.string().min(1), requirements: z.record(z.unknown()) })
