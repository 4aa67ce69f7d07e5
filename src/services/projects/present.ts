// Projects on the wire, as ClearML's to_proper_dict writes them: unset fields are absent rather than null,
// tags sorted, and hidden-by-default fields (path, company_origin) only when asked for.
import type { ProjectDoc } from '../../domain/entities/project.js'
import { conformOutputTags, isLegacyTagsVersion } from '../../domain/projects/legacy-tags.js'
import { applyProjection, type Projection } from '../../domain/query/projection.js'

export const PROJECT_HIDDEN_FIELDS = ['path', 'company_origin', 'logo_blob'] as const

export type WireProject = Record<string, unknown>

const OPTIONAL_FIELDS = ['parent', 'default_output_destination', 'logo_url'] as const

export function presentProject(doc: ProjectDoc, version: string, projection?: Projection): WireProject {
  const out = applyProjection(doc, projection, PROJECT_HIDDEN_FIELDS)
  for (const field of OPTIONAL_FIELDS) if (out[field] === null) delete out[field]
  conformOutputTags(out, isLegacyTagsVersion(version))
  return out
}
