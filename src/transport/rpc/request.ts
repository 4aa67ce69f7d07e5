// Turns an HTTP request into an endpoint name, a version and a data object, the way ClearML's server does.
import secureJson from 'secure-json-parse'
import { hasOwnKey, isJsonObject, splitPath } from '../../domain/object-paths.js'
import { jsonDepth, MAX_BODY_DEPTH } from '../../domain/limits.js'
import { errors } from '../../errors.js'
import { parseJsonLines, type BatchItem } from '../../json-lines.js'
import { MAX_API_VERSION } from './version.js'

const PATH = /^\/?(?:v(\d+\.?\d+)\/)?([a-zA-Z_]\w+\.[a-zA-Z_]\w+)\/?$/

export interface ParsedPath { endpoint: string; requestedVersion: string }

export function parsePath(path: string): ParsedPath {
  const m = PATH.exec(path)
  if (!m) throw errors.badRequest(`Invalid request path ${path}`)
  // No version in the path means the newest the server knows.
  return { endpoint: m[2], requestedVersion: m[1] ?? MAX_API_VERSION }
}

/** A json-lines body: its bytes as sent, and its items, parsed on first use (events.add_batch decodes the bytes). */
export interface BatchBody {
  readonly bytes: Buffer
  items(): readonly BatchItem[]
}

export interface ParsedBody { data: Record<string, unknown>; batch: BatchBody | undefined }

function batchBody(bytes: Buffer): BatchBody {
  let items: BatchItem[] | undefined
  return { bytes, items: () => (items ??= parseJsonLines(bytes.toString('utf8'), parseJsonBody)) }
}

/** Query values as ClearML reads them: "1" → 1, "1.5" → 1.5, "true"/"false" in any case → boolean. */
function coerceQueryValue(v: string): unknown {
  if (/^\d+(\.\d*)?$/.test(v) || /^\.\d+$/.test(v)) return Number(v)
  const lower = v.toLowerCase()
  if (lower === 'true') return true
  if (lower === 'false') return false
  return v
}

/**
 * `a.b=1` nests, `k[]=x` or a repeated key makes a list. Later sources win over the body. Keys go through
 * splitPath, which refuses prototype members, so the objects built here may be plain ones (the services print them).
 */
export function mergeQuery(data: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data }
  const seen = new Map<string, unknown[]>()
  for (const [rawKey, rawValue] of query) {
    const isList = rawKey.endsWith('[]')
    const key = isList ? rawKey.slice(0, -2) : rawKey
    const parts = splitPath(key)
    if (parts.length >= MAX_BODY_DEPTH) throw errors.validation(`query key nested deeper than ${MAX_BODY_DEPTH} levels`)
    const list = seen.get(key) ?? []
    list.push(coerceQueryValue(rawValue))
    seen.set(key, list)
    const value = isList || list.length > 1 ? list : list[0]
    let node = out
    for (const part of parts.slice(0, -1)) {
      if (!hasOwnKey(node, part) || !isJsonObject(node[part])) node[part] = {}
      node = node[part] as Record<string, unknown>
    }
    node[parts[parts.length - 1]] = value
  }
  return out
}

/** JSON.parse that refuses `__proto__` keys (and `constructor.prototype`) and nesting over MAX_BODY_DEPTH. */
export function parseJsonBody(text: string): unknown {
  let parsed: unknown
  try {
    parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' })
  } catch (err) {
    throw errors.badRequest(`Failed to decode JSON object: ${(err as Error).message}`)
  }
  if (jsonDepth(parsed, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) throw errors.validation(`the body is nested deeper than ${MAX_BODY_DEPTH} levels`)
  return parsed
}

export function parseBody(body: Buffer | undefined, contentType: string | undefined, query: URLSearchParams): ParsedBody {
  // ClearML compares the content type exactly; a charset suffix is not a batch.
  if (contentType === 'application/json-lines') return { data: mergeQuery({}, query), batch: batchBody(body ?? Buffer.alloc(0)) }
  const text = body && body.length > 0 ? body.toString('utf8') : ''
  let data: Record<string, unknown> = {}
  if (text.trim() !== '') {
    const parsed = parseJsonBody(text)
    if (!isJsonObject(parsed)) throw errors.validation('the request body must be a JSON object')
    data = parsed
  }
  return { data: mergeQuery(data, query), batch: undefined }
}
