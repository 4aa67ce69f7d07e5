import { endpoint, RawReply, type Endpoint } from '../../transport/rpc/endpoint.js'
import type { ServiceDeps } from '../deps.js'
import { createModelReads } from '../models/read.js'
import { createTaskQueries } from '../tasks/query-service.js'
import { createDownloads, type Downloads, type DownloadSettings } from './download.js'
import * as s from './schemas.js'
import { createOrganizationService, type OrganizationService } from './service.js'

export const organizationEndpoints = (org: OrganizationService, downloads: Downloads): Endpoint[] => [
  endpoint('organization.get_tags', s.TagsRequest, async (req, call) =>
    org.tags(call.identity, { includeSystem: req.include_system, filter: req.filter })),
  endpoint('organization.get_user_companies', s.Empty, async (_req, call) => ({ companies: await org.userCompanies(call.identity) })),
  endpoint('organization.get_entities_count', s.EntitiesCountRequest, async (req, call) => org.entitiesCount(call.identity, req)),
  endpoint('organization.prepare_download_for_get_all', s.PrepareDownloadRequest, async (req, call) =>
    downloads.prepare(call.identity, req, call.requestedVersion)),
  endpoint('organization.download_for_get_all', s.DownloadRequest, async (req, call) => {
    const { csv, filename } = await downloads.download(call.identity, req.prepare_id, call.requestedVersion)
    return new RawReply('text/csv', csv, filename)
  }, { downloadable: true }),
]

function downloadSettings(deps: ServiceDeps): DownloadSettings {
  const section = ['services', 'organization', 'download'].reduce<unknown>(
    (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), deps.config.tree)
  const num = (key: string, fallback: number): number => {
    const v = Number(typeof section === 'object' && section !== null ? (section as Record<string, unknown>)[key] : undefined)
    return Number.isFinite(v) && v > 0 ? v : fallback
  }
  return {
    ttlSec: num('redis_timeout_sec', 300),
    batchSize: num('batch_size', 500),
    maxItems: num('max_download_items', 1000),
    maxProjectNameLength: num('max_project_name_length', 60),
  }
}

export function createOrganizationEndpoints(deps: ServiceDeps, o: { signingSecret: Uint8Array }): Endpoint[] {
  const tasks = createTaskQueries(deps)
  const models = createModelReads(deps)
  const downloads = createDownloads({
    store: deps.store,
    now: deps.clock,
    settings: downloadSettings(deps),
    signingSecret: o.signingSecret,
    fetch: {
      tasks: async (identity, request, version) => (await tasks.getAll(identity, request, { version, extended: true })).tasks,
      models: async (identity, request) => (await models.getAllEx(identity, request)).models,
    },
  })
  return organizationEndpoints(createOrganizationService(deps), downloads)
}
