// The CSV of organization.download_for_get_all, written the way ClearML's Python csv module writes it: a UTF-8
// BOM, every cell quoted (QUOTE_NONNUMERIC over string cells), CRLF line ends, values as Python's str() shows them.
import { hasOwnKey, isJsonObject } from '../../domain/object-paths.js'

export interface ValueMapping { key?: unknown; value?: unknown }
export interface FieldMapping { field: string; name?: string | null; values?: ValueMapping[] | null }

const quote = (cell: string): string => `"${cell.replace(/"/g, '""')}"`
/** QUOTE_MINIMAL: only cells that need it. */
const quoteMinimal = (cell: string): string => (/[",\r\n]/.test(cell) ? quote(cell) : cell)

/** Python's str() of a JSON value: None/True/False, lists in repr form. */
export function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`
}

const pythonRepr = (value: unknown): string => (typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : pythonStr(value))

export const columnName = (m: FieldMapping): string => m.name || m.field

function fieldValue(doc: Record<string, unknown>, m: FieldMapping): string {
  let value: unknown = doc
  for (const part of m.field.split('.')) {
    value = isJsonObject(value) && hasOwnKey(value, part) ? value[part] : undefined
    if (value === undefined) break
  }
  if (value === undefined) value = ''
  // References come back as {id, name}; the id is what the column shows.
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) value = (value as Record<string, unknown>).id ?? ''
  const mapped = m.values?.find((v) => v.key === value)
  if (mapped && (typeof value !== 'object' || value === null)) value = mapped.value
  return pythonStr(value)
}

const CRLF = '\r\n'

export function headerOnly(mappings: FieldMapping[]): string {
  return mappings.map((m) => quoteMinimal(columnName(m))).join(',') + CRLF
}

export function csvDocument(mappings: FieldMapping[], rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return headerOnly(mappings)
  const lines = [mappings.map((m) => quote(columnName(m))), ...rows.map((r) => mappings.map((m) => quote(fieldValue(r, m))))]
  return '\ufeff' + lines.map((cells) => cells.join(',') + CRLF).join('')
}
