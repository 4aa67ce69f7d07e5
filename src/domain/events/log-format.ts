// download_task_log's text lines: a Python str.format template over a log record ("{asctime} {worker} {level}
// {msg}"). Only the subset ClearML can actually format is accepted: plain fields, optional !s/!r, no format
// spec (ClearML validates the template against None values, where any spec fails).
import { errors } from '../../errors.js'

export const LOG_LINE_FIELDS = ['asctime', 'timestamp', 'level', 'worker', 'msg'] as const
export type LogLineField = (typeof LOG_LINE_FIELDS)[number]
export const DEFAULT_LOG_LINE_FORMAT = '{asctime} {worker} {level} {msg}'

type Token = { text: string } | { field: string; repr: boolean }

export type LogLineTemplate = readonly Token[]

function tokenize(format: string): Token[] | string {
  const tokens: Token[] = []
  let text = ''
  for (let i = 0; i < format.length; i++) {
    const c = format[i]
    if ((c === '{' || c === '}') && format[i + 1] === c) {
      text += c
      i++
    } else if (c === '}') {
      return "Single '}' encountered in format string"
    } else if (c === '{') {
      const end = format.indexOf('}', i)
      if (end < 0) return "Single '{' encountered in format string"
      const body = format.slice(i + 1, end)
      const m = /^([^!:{]*)(?:!([rs]))?(?::(.*))?$/.exec(body)
      if (!m || m[1] === '') return `invalid replacement field {${body}}`
      if (m[3] !== undefined && m[3] !== '') return `format spec not supported in {${body}}`
      if (text) tokens.push({ text })
      text = ''
      tokens.push({ field: m[1], repr: m[2] === 'r' })
      i = end
    } else {
      text += c
    }
  }
  if (text) tokens.push({ text })
  return tokens
}

/** Validates a template; 400/16 for a malformed one or for fields a log record does not have. */
export function compileLogLineFormat(format: string): LogLineTemplate {
  const tokens = tokenize(format)
  if (typeof tokens === 'string') throw errors.fieldsValue('invalid line format', { error: tokens })
  const unknown = [...new Set(tokens.flatMap((t) => ('field' in t && !(LOG_LINE_FIELDS as readonly string[]).includes(t.field) ? [t.field] : [])))]
  if (unknown.length > 0) throw errors.fieldsValue('undefined placeholders in line format', { placeholders: unknown })
  // ClearML makes sure each line ends with exactly one newline.
  const last = tokens[tokens.length - 1]
  if (last && 'text' in last) last.text = last.text.replace(/\n+$/, '')
  return [...tokens, { text: '\n' }]
}

const pyRepr = (v: string | number): string => (typeof v === 'number' ? String(v) : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)

export function formatLogLine(template: LogLineTemplate, values: Readonly<Record<LogLineField, string | number>>): string {
  let out = ''
  for (const t of template) {
    if ('text' in t) out += t.text
    else {
      const v = values[t.field as LogLineField]
      out += t.repr ? pyRepr(v) : String(v)
    }
  }
  return out
}
