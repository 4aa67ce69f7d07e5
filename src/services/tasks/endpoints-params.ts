// Run-parameter endpoints of the tasks service; the rules live in params-*.ts.
import { endpoint, type Endpoint } from '../../transport/rpc/endpoint.js'
import type { ServiceDeps } from '../deps.js'
import * as s from './params-schemas.js'
import { createTaskParamsService } from './params-service.js'

const V2_9 = { minVersion: '2.9' }
const V2_10 = { minVersion: '2.10' }
const V2_13 = { minVersion: '2.13' }

export function taskParamsEndpoints(deps: ServiceDeps): Endpoint[] {
  const params = createTaskParamsService(deps)
  return [
    endpoint('tasks.get_hyper_params', s.GetHyperParamsRequest, async (req, call) =>
      ({ params: await params.getHyperParams(call.identity, req.tasks) }), V2_9),
    endpoint('tasks.edit_hyper_params', s.EditHyperParamsRequest, async (req, call) =>
      ({ updated: await params.editHyperParams(call.identity, req) }), V2_9),
    endpoint('tasks.delete_hyper_params', s.DeleteHyperParamsRequest, async (req, call) =>
      ({ deleted: await params.deleteHyperParams(call.identity, req) }), V2_9),
    endpoint('tasks.get_configurations', s.GetConfigurationsRequest, async (req, call) =>
      ({ configurations: await params.getConfigurations(call.identity, req.tasks, req.names) }), V2_9),
    endpoint('tasks.get_configuration_names', s.GetConfigurationNamesRequest, async (req, call) =>
      ({ configurations: await params.getConfigurationNames(call.identity, req.tasks, req.skip_empty) }), V2_9),
    endpoint('tasks.edit_configuration', s.EditConfigurationRequest, async (req, call) =>
      ({ updated: await params.editConfiguration(call.identity, req) }), V2_9),
    endpoint('tasks.delete_configuration', s.DeleteConfigurationRequest, async (req, call) =>
      ({ deleted: await params.deleteConfiguration(call.identity, req) }), V2_9),
    endpoint('tasks.add_or_update_artifacts', s.AddOrUpdateArtifactsRequest, async (req, call) =>
      ({ updated: await params.addOrUpdateArtifacts(call.identity, req) }), V2_10),
    endpoint('tasks.delete_artifacts', s.DeleteArtifactsRequest, async (req, call) =>
      ({ deleted: await params.deleteArtifacts(call.identity, req) }), V2_10),
    endpoint('tasks.add_or_update_model', s.AddOrUpdateModelRequest, async (req, call) =>
      ({ updated: await params.addOrUpdateModel(call.identity, req.task, req) }), V2_13),
    endpoint('tasks.delete_models', s.DeleteModelsRequest, async (req, call) =>
      ({ updated: await params.deleteModels(call.identity, req) }), V2_13),
    endpoint('tasks.set_requirements', s.SetRequirementsRequest, (req, call) => params.setRequirements(call.identity, req)),
  ]
}
