// organization.prepare_download_for_get_all / download_for_get_all: the web UI's CSV export of a task or model
// table. The prepared request travels inside the prepare id (compressed), so any API process can serve the
// download and nothing is left behind; the download runs the query again as its caller.
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { Identity } from '../../domain/entities/user.js'
import { errors } from '../../errors.js'
import type { Store } from '../../store/store.js'
import { projectsBasename } from './download-names.js'
import { columnName, csvDocument, type FieldMapping } from './csv.js'

type Json = Record<string, unknown>

export interface Fetchers {
  tasks(identity: Identity, request: Json, version: string): Promise<Json[]>
  models(identity: Identity, request: Json): Promise<Json[]>
}

export interface DownloadSettings { ttlSec: number; batchSize: number; maxItems: number; maxProjectNameLength: number }

interface Prepared { at: number; request: Json }

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

export function createDownloads(o: { store: Store; fetch: Fetchers; settings: DownloadSettings; now: () => Date }) {
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
      const prepared: Prepared = { at: o.now().getTime(), request }
      return { prepare_id: deflateRawSync(JSON.stringify(prepared)).toString('base64url') }
    },

    async download(identity: Identity, prepareId: string, version: string): Promise<{ csv: string; filename: string }> {
      const prepared = decode(prepareId)
      if (!prepared || o.now().getTime() - prepared.at > o.settings.ttlSec * 1000) {
        throw errors.invalidId('prepare ID not found', { prepare_id: prepareId })
      }
      const request = prepared.request as PrepareRequest
      const rows: Json[] = []
      for (let page = 0; rows.length < o.settings.maxItems; page++) {
        const size = Math.min(o.settings.batchSize, o.settings.maxItems - rows.length)
        const items = await pageOf(identity, request, version, page, size)
        rows.push(...items)
        if (items.length < size) break
      }
      const project = await projectsBasename(o.store, request.project, o.settings.maxProjectNameLength)
      const filename = ['clearml', project, `${request.entity_type}s.csv`].filter(Boolean).join('-')
      return { csv: csvDocument(request.field_mappings, rows.slice(0, o.settings.maxItems)), filename }
    },
  }
}

function decode(id: string): Prepared | undefined {
  try {
    const parsed = JSON.parse(inflateRawSync(Buffer.from(id, 'base64url')).toString('utf8')) as Prepared
    return typeof parsed.at === 'number' && typeof parsed.request === 'object' && parsed.request !== null ? parsed : undefined
  } catch {
    return undefined
  }
}

export type Downloads = ReturnType<typeof createDownloads>
