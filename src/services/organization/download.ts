// organization.prepare_download_for_get_all / download_for_get_all: the web UI's CSV export of a task or model
// table. The prepared request travels inside the prepare id (sealed: prepare-id.ts), so any API process can serve
// the download and nothing is left behind; the download runs the query again as its caller.
import type { Identity } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'
import type { Store } from '../../store/store.js'
import { projectsBasename } from './download-names.js'
import { columnName, csvDocument, type FieldMapping } from './csv.js'
import { createPrepareIds } from './prepare-id.js'

type Json = Record<string, unknown>

export interface Fetchers {
  tasks(identity: Identity, request: Json, version: string): Promise<Json[]>
  models(identity: Identity, request: Json): Promise<Json[]>
}

export interface DownloadSettings { ttlSec: number; batchSize: number; maxItems: number; maxProjectNameLength: number }

export interface PrepareRequest extends Json { entity_type: 'task' | 'model'; field_mappings: FieldMapping[]; only_fields: string[] }

function assertUnique(mappings: FieldMapping[]): void {
  const names = new Set<string>()
  for (const m of mappings) {
    const name = columnName(m)
    if (names.has(name)) throw errors.validation(`Field_name appears more than once in field_mappings: ${name}`)
    names.add(name)
    const keys = new Set<unknown>()
    for (const v of m.values ?? []) {
      if (keys.has(v.key)) throw errors.validation(`Value key appears more than once in field_mappings: ${String(v.key)}`)
      keys.add(v.key)
    }
  }
}

const PAGING_KEYS = ['scroll_id', 'start', 'size', 'refresh_scroll', 'page', 'page_size']

export interface DownloadDeps {
  store: Store
  fetch: Fetchers
  settings: DownloadSettings
  now: () => Date
  /** The server's signing secret; prepare ids are sealed with a key derived from it. */
  signingSecret: Uint8Array
}

export function createDownloads(o: DownloadDeps) {
  const prepareIds = createPrepareIds({ signingSecret: o.signingSecret, ttlSec: o.settings.ttlSec })
  const pageOf = (identity: Identity, prepared: Json, version: string, page: number, pageSize: number): Promise<Json[]> => {
    const request: Json = Object.fromEntries(Object.entries(prepared).filter(([k]) => !PAGING_KEYS.includes(k)))
    Object.assign(request, { page, page_size: pageSize })
    return prepared.entity_type === 'model' ? o.fetch.models(identity, request) : o.fetch.tasks(identity, request, version)
  }

  return {
    async prepare(identity: Identity, request: PrepareRequest, version: string): Promise<{ prepare_id: string }> {
      assertUnique(request.field_mappings)
      // One item is read now so a bad query fails here rather than in the browser's download.
      await pageOf(identity, request, version, 0, 1)
      return { prepare_id: prepareIds.seal(identity, request, o.now().getTime()) }
    },

    async download(identity: Identity, prepareId: string, version: string): Promise<{ csv: string; filename: string }> {
      const request = prepareIds.open(identity, prepareId, o.now().getTime()) as PrepareRequest
      const rows: Json[] = []
      for (let page = 0; rows.length < o.settings.maxItems; page++) {
        const size = Math.min(o.settings.batchSize, o.settings.maxItems - rows.length)
        const items = await pageOf(identity, request, version, page, size)
        rows.push(...items)
        if (items.length < size) break
      }
      const project = await projectsBasename(o.store, identity, request.project, o.settings.maxProjectNameLength)
      const filename = ['clearml', project, `${request.entity_type}s.csv`].filter(Boolean).join('-')
      return { csv: csvDocument(request.field_mappings, rows.slice(0, o.settings.maxItems)), filename }
    },
  }
}

export type Downloads = ReturnType<typeof createDownloads>
