// What makes a task a report, and where reports live. ClearML keeps reports as hidden tasks of type `report`
// inside hidden `.reports` projects, one per parent project ("team/.reports") plus a root ".reports".
export const REPORTS_TAG = 'reports'
export const REPORTS_PROJECT = '.reports'
export const REPORT_TYPE = 'report'

/** The report fields reports.update may write; anything else in the request is ignored. */
export const REPORT_UPDATE_FIELDS = ['name', 'tags', 'comment', 'report', 'report_assets'] as const
export type ReportUpdateField = (typeof REPORT_UPDATE_FIELDS)[number]

/** Renaming, retagging and commenting stay allowed once a report is published; its content is frozen. */
const FREE_FIELDS: ReadonlySet<ReportUpdateField> = new Set(['name', 'tags', 'comment'])

export const touchesContent = (fields: readonly ReportUpdateField[]): boolean => fields.some((f) => !FREE_FIELDS.has(f))

/** The `.reports` folder for reports of the project named `projectName` ('' for the root). */
export function reportsProjectName(projectName: string): string {
  const name = projectName.replace(/^\/+|\/+$/g, '')
  if (name === '') return REPORTS_PROJECT
  const basename = name.slice(name.lastIndexOf('/') + 1)
  return basename === REPORTS_PROJECT ? name : `${name}/${REPORTS_PROJECT}`
}

const PLACEHOLDER = ' [...]'

/**
 * The report text as the update reply echoes it: whitespace collapsed and, past `width` characters, cut at a
 * word boundary with " [...]" appended (Python's textwrap.shorten, which the SDK and UI have always seen).
 */
export function shortenText(text: string, width = 100): string {
  const words = text.split(/\s+/).filter((w) => w !== '')
  const collapsed = words.join(' ')
  if (collapsed.length <= width) return collapsed
  let out = ''
  for (const word of words) {
    const next = out === '' ? word : `${out} ${word}`
    if (next.length + PLACEHOLDER.length > width) break
    out = next
  }
  return out === '' ? PLACEHOLDER.trimStart() : out + PLACEHOLDER
}
