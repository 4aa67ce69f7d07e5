/** Dates on the wire as ClearML writes them: ISO-8601, microseconds, explicit +00:00. Fixed width, so stored
 *  values of this form also sort and compare correctly as text. */
export function toApiDate(d: Date): string {
  const iso = d.toISOString()
  // Years 0–9999 print as YYYY-MM-DDTHH:mm:ss.sssZ (24 characters); others carry a sign and six digits.
  return iso.length === 24 ? `${iso.slice(0, 23)}000+00:00` : iso.replace(/\.(\d{3})Z$/, '.$1000+00:00')
}

/** Parses what clients send (ISO with or without zone, `Z`, or epoch ms); undefined when unparsable. */
export function parseApiDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value
  if (typeof value === 'number') return new Date(value)
  if (typeof value !== 'string' || value.trim() === '') return undefined
  let text = value.trim()
  // A date without a zone is UTC, as the Python server reads it.
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$/.test(text)) text += text.includes('T') ? 'Z' : 'T00:00:00Z'
  // JS takes at most millisecond precision.
  text = text.replace(/(\.\d{3})\d+/, '$1')
  const d = new Date(text)
  return Number.isNaN(d.getTime()) ? undefined : d
}
