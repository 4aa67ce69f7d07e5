// Records every finished call as one JSON line, for turning real SDK and agent sessions into test fixtures
// (test/fixtures/clearml/). A development tool: enabled only by CLARION_RECORD_FILE.
import { appendFileSync } from 'node:fs'
import type { CallRecord } from './pipeline.js'

const SECRET_FIELDS = new Set(['token', 'secret_key', 'password'])

/** Tokens and secrets are replaced, so fixtures never carry a usable credential. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k) && typeof v === 'string' ? `<${k}>` : redact(v)]))
}

export function createFileRecorder(file: string): (entry: CallRecord) => void {
  return (entry) => appendFileSync(file, JSON.stringify(redact(entry)) + '\n')
}
