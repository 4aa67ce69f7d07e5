// Turns a target (an endpoint and its fields) into one hostile request: one field or several turned hostile in a
// JSON body, an unknown or poisonous key, a body that is itself the attack, the same as a GET query string, or a
// json-lines batch. Every case records what it did, so a failure reads as a reproduction.
import { MAX_API_VERSION } from '../../src/transport/rpc/version.js'
import { describe, put, Raw, toJson, type Field, type Rng, type Shape } from './fuzz-kit.js'
import { baseline, LINES_ENDPOINTS, mutate, type Seeds, type Special } from './fuzz-fields.js'
import { anyHostile, deepArray, deepObject, hostileFor, hostileKeys } from './fuzz-values.js'

export type Who = 'admin' | 'user' | 'none'

export interface Case {
  n: number
  endpoint: string
  kind: string
  cls: string
  path: string
  who: Who
  method: 'GET' | 'POST'
  url: string
  contentType?: string
  payload?: string | Buffer
  /** What was sent, abbreviated, for the report. */
  shown: string
}

/** encodeURIComponent throws on a lone surrogate; send the CESU-8 bytes a careless client would. */
export function encode(s: string): string {
  try {
    return encodeURIComponent(s)
  } catch {
    return s.replace(/[\ud800-\udfff]/g, '%ED%A0%80').split('%ED%A0%80').map((p) => encodeURIComponent(p)).join('%ED%A0%80')
  }
}

/** The query-string form of a body: `a.b=1` for nested objects, `k[]=x` for lists, as ClearML reads them. */
function toQuery(body: Record<string, unknown>, r: Rng): { pairs: string[]; extra?: string } {
  const pairs: string[] = []
  const add = (k: string, v: unknown, depth: number) => {
    if (v instanceof Raw) pairs.push(`${encode(k)}=${encode(v.text.slice(0, 200_000))}`)
    else if (Array.isArray(v)) {
      if (v.length === 0) pairs.push(`${encode(k)}[]=`)
      for (const x of v.slice(0, 2000)) pairs.push(`${encode(k)}[]=${encode(typeof x === 'object' && x !== null ? toJson(x) : String(x))}`)
    } else if (typeof v === 'object' && v !== null) {
      if (depth > 3) pairs.push(`${encode(k)}=${encode(toJson(v))}`)
      else for (const kk of Object.keys(v)) add(`${k}.${kk}`, (v as Record<string, unknown>)[kk], depth + 1)
    } else pairs.push(`${encode(k)}=${encode(String(v))}`)
  }
  for (const k of Object.keys(body)) add(k, body[k], 0)
  if (!r.chance(0.5)) return { pairs }
  const extra = r.pick([
    '__proto__.polluted=yes', 'constructor.prototype.polluted=yes', '__proto__[polluted]=yes', 'a.__proto__.polluted=yes',
    '__proto__.content-encoding=gzip', '__proto__.comment=fuzz-polluted', '__proto__=x', 'constructor=x', 'prototype.x=1',
    '%E0%A4%A=1', 'a=%E0%A4%A', '%zz=%zz', 'a=%00', '%00=1', 'a[]=1&a=2&a[]=3', 'a.b=1&a=2', 'a=1&a.b=2', `${'a.'.repeat(5000)}a=1`,
    `${'k'.repeat(100_000)}=1`, 'page=1e21', 'page=99999999999999999999999', 'page_size=-1', 'only_fields[]=-__proto__.valueOf',
    'order_by[]=__proto__', 'a=1;b=2', 'a=%ED%A0%80', '=1', '&&&', '[]=1', '.=1', 'a..b=1',
  ])
  return { pairs: [...pairs, extra], extra }
}

const INVALID_UTF8 = [Buffer.from([0xc3, 0x28]), Buffer.from([0xe0, 0xa4]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xff, 0xfe]), Buffer.from([0xf4, 0x90, 0x80, 0x80])]

/** A whole body that is itself the attack: not an object, too deep, malformed, bytes that are not UTF-8. */
function hostileBody(base: Record<string, unknown>, r: Rng): { cls: string; payload: string | Buffer } {
  const text = toJson(base)
  const inner = text.slice(1, -1)
  const choice = r.int(14)
  switch (choice) {
    case 0: return { cls: 'body:deep-object', payload: deepObject().text }
    case 1: return { cls: 'body:deep-array', payload: deepArray().text }
    case 2: return { cls: 'body:not-object', payload: r.pick(['[]', '"x"', 'null', '1', '1e999', 'true', '[{}]']) }
    case 3: return { cls: 'body:malformed', payload: r.pick(['{', '{"a":}', text.slice(0, Math.max(1, text.length - 1)), "{'a':1}", '{"a":1}}', '\u0000', 'NaN']) }
    case 4: {
      const bad = r.pick(INVALID_UTF8)
      return { cls: 'body:invalid-utf8', payload: Buffer.concat([Buffer.from(`{"x":"`), bad, Buffer.from(`"${inner ? `,${inner}` : ''}}`)]) }
    }
    case 5: return { cls: 'body:bom', payload: `\ufeff${text}` }
    case 6: return { cls: 'body:duplicate-keys', payload: inner ? `{${inner},${inner}}` : '{"a":1,"a":2}' }
    case 7: return { cls: 'body:proto-top', payload: `{"__proto__":{"polluted":"yes","content-encoding":"gzip"}${inner ? `,${inner}` : ''}}` }
    case 8: return { cls: 'body:constructor-top', payload: `{"constructor":{"prototype":{"polluted":"yes"}}${inner ? `,${inner}` : ''}}` }
    case 9: return { cls: 'body:many-keys', payload: `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')}${inner ? `,${inner}` : ''}}` }
    case 10: return { cls: 'body:whitespace', payload: r.pick(['', ' ', '\n\n', '\t']) }
    case 11: return { cls: 'body:deep-field', payload: `{${inner ? `${inner},` : ''}"zz":${deepArray().text}}` }
    case 12: return { cls: 'body:nul-key', payload: `{"\\u0000":1${inner ? `,${inner}` : ''}}` }
    default: return { cls: 'body:huge-number', payload: `{${inner ? `${inner},` : ''}"n":1${'0'.repeat(400)}}` }
  }
}

const JUNK_LINES = ['{', '[]', 'null', '"x"', '1e999', '{"__proto__":{"polluted":"yes"}}', '\u0000', '{"task":' + deepArray(2000).text + '}']

function linesBody(endpoint: string, seeds: Seeds, r: Rng): { cls: string; path: string; payload: string | Buffer } {
  const item = LINES_ENDPOINTS[endpoint] as Extract<Shape, { kind: 'object' }>
  const lines: (string | Buffer)[] = []
  let cls = 'lines:plain', path = '-'
  const count = 1 + r.int(4)
  for (let i = 0; i < count; i++) {
    const line = baseline(item.fields, endpoint, seeds, r)
    if (endpoint === 'events.add_batch') put(line, 'task', seeds.task)
    if (i === 0) {
      const m = mutate(line, item.fields, r)
      cls = m.hostile.cls
      path = m.path
    }
    lines.push(toJson(line))
  }
  if (r.chance(0.2)) {
    const junk = r.chance(0.3) ? Buffer.concat([Buffer.from('{"msg":"'), r.pick(INVALID_UTF8), Buffer.from('"}')]) : r.pick(JUNK_LINES)
    lines.splice(r.int(lines.length + 1), 0, junk)
    cls = 'lines:junk'
  }
  if (r.chance(0.05)) {
    // 100,000 lines, or fewer when the first is big: about 20 MB at most, well under the body limit.
    const count = Math.min(100_000, Math.floor(20_000_000 / (lines[0].length + 1)))
    return { cls: `lines:${count}`, path, payload: Array.from({ length: count }, () => lines[0]).join('\n') }
  }
  return { cls, path, payload: Buffer.concat(lines.flatMap((l, i) => (i === 0 ? [Buffer.from(l)] : [Buffer.from('\n'), Buffer.from(l)]))) }
}

const rawShown = (text: string): string => `raw ${JSON.stringify(text.slice(0, 160))}${text.length > 160 ? `…(${text.length} chars)` : ''}`

/** One kind of case, drawn: what it sent and how to show it. */
interface Draft {
  cls: string
  path: string
  method?: Case['method']
  payload?: string | Buffer
  contentType?: string
  query?: string[]
  shown: string
}

function fieldDraft(body: Record<string, unknown>, fields: Record<string, Field>, r: Rng, special: Special): Draft {
  const m = mutate(body, fields, r, special)
  return { cls: m.hostile.cls, path: m.path, payload: toJson(body), shown: describe(body, 400) }
}

function queryDraft(body: Record<string, unknown>, fields: Record<string, Field>, r: Rng, special: Special): Draft {
  const m = mutate(body, fields, r, special)
  const method = r.chance(0.8) ? 'GET' : 'POST'
  const { pairs, extra } = toQuery(body, r)
  const tail = extra === undefined ? '' : ` & ${extra.length > 100 ? `${extra.slice(0, 30)}…(${extra.length} chars)` : extra}`
  return {
    cls: m.hostile.cls, path: m.path, method, query: pairs, contentType: method === 'POST' ? 'application/json' : undefined,
    shown: `query of ${describe(body, 300)}${tail}`,
  }
}

function severalDraft(body: Record<string, unknown>, fields: Record<string, Field>, r: Rng): Draft {
  const touched: string[] = []
  const p = Math.min(0.6, 4 / Math.max(1, Object.keys(fields).length))
  for (const [k, f] of Object.entries(fields)) {
    if (!r.chance(p)) continue
    const h = hostileFor(r, f.shape)
    put(body, k, h.value)
    touched.push(`${k}=${h.cls}`)
  }
  return { cls: 'several', path: touched.join(' ') || '-', payload: toJson(body), shown: describe(body, 400) }
}

/** An unknown key at the top, or inside a nested object the schema declares. */
function keyDraft(body: Record<string, unknown>, fields: Record<string, Field>, r: Rng): Draft {
  const key = hostileKeys(r)
  const value = r.chance(0.5) ? 'yes' : anyHostile(r).value
  const objects = Object.keys(fields).filter((k) => fields[k].shape.kind === 'object' || fields[k].shape.kind === 'record')
  let path = '+key'
  if (objects.length > 0 && r.chance(0.4)) {
    const nested = r.pick(objects)
    put(body, nested, put({}, key, value))
    path = `${nested}.+key`
  } else put(body, key, value)
  const cls = `key:${key.length > 40 ? `${key.slice(0, 8)}…(${key.length})` : JSON.stringify(key)}`
  return { cls, path, payload: toJson(body), shown: describe(body, 400) }
}

const shownRaw = (payload: string | Buffer) => rawShown(typeof payload === 'string' ? payload : payload.toString('latin1'))

export interface Target { name: string; fields: Record<string, Field> }

export function makeCase(n: number, target: Target, seeds: Seeds, r: Rng, special: Special): Case {
  const { name: endpoint, fields } = target
  const who: Who = r.weighted([[88, 'admin'], [8, 'user'], [4, 'none']] as const)
  const kind = r.weighted<string>([[50, 'field'], [10, 'fields'], [10, 'key'], [7, 'body'], [15, 'query'], [endpoint in LINES_ENDPOINTS ? 15 : 0, 'lines']])
  const body = baseline(fields, endpoint, seeds, r)
  let draft: Draft
  switch (kind) {
    case 'field': draft = fieldDraft(body, fields, r, special); break
    case 'query': draft = queryDraft(body, fields, r, special); break
    case 'fields': draft = severalDraft(body, fields, r); break
    case 'key': draft = keyDraft(body, fields, r); break
    case 'body': { const b = hostileBody(body, r); draft = { ...b, path: '-', shown: shownRaw(b.payload) }; break }
    default: { const b = linesBody(endpoint, seeds, r); draft = { ...b, contentType: 'application/json-lines', shown: shownRaw(b.payload) } }
  }
  const method = draft.method ?? 'POST'
  let contentType = 'contentType' in draft ? draft.contentType : 'application/json'
  // Content types the SDK never sends, now and then: the server must still answer with an envelope.
  if (method === 'POST' && kind !== 'lines' && r.chance(0.04)) {
    contentType = r.pick([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/json-lines'])
  }
  const qs = draft.query && draft.query.length > 0 ? `?${draft.query.join('&')}` : ''
  const url = `${r.chance(0.1) ? `/v${r.pick(['2.1', '2.13', '2.20', MAX_API_VERSION, '9.99'])}` : ''}/${endpoint}${qs}`
  return { n, endpoint, kind, cls: draft.cls, path: draft.path, who, method, url, contentType, payload: draft.payload, shown: draft.shown }
}
