// The catalogue of hostile values the fuzz test sends: each class has a weight and the field kinds it suits, so a
// number field mostly gets odd numbers and wrong types, a string field long, broken or tricky text, and so on.
// Big values are built once and shared.
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { put, Raw, toJson, type Rng, type Shape } from './fuzz-kit.js'

export interface Hostile { cls: string; value: unknown }

const memo = new Map<string, unknown>()
const once = <T>(key: string, make: () => T): T => {
  if (!memo.has(key)) memo.set(key, make())
  return memo.get(key) as T
}

const DEEP = 10_000
export const deepArray = (n = DEEP) => once(`deepA${n}`, () => new Raw('['.repeat(n) + ']'.repeat(n), `array nested ${n} deep`))
export const deepObject = (n = DEEP) => once(`deepO${n}`, () => new Raw('{"a":'.repeat(n) + '1' + '}'.repeat(n), `object nested ${n} deep`))
const longArray = (kind: 'num' | 'str') => once(`long${kind}`, () => new Raw(
  `[${Array.from({ length: 100_000 }, (_, i) => (kind === 'num' ? String(i) : `"x${i}"`)).join(',')}]`,
  `array of 100000 ${kind === 'num' ? 'numbers' : 'strings'}`))
const manyKeys = () => once('manyKeys', () => new Raw(
  `{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`, 'object with 10000 keys'))
const big = (n: number, ch = 'a') => once(`big${n}${ch}`, () => ch.repeat(n))


/** Key names an attacker tries: prototype keys, dotted paths through them, odd characters, huge keys. */
export const hostileKeys = (r: Rng): string => r.pick([
  '__proto__', 'constructor', 'prototype', '__proto__.polluted', 'constructor.prototype.polluted', 'a.__proto__.polluted',
  '__proto__.valueOf', '__proto__[polluted]', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__',
  '', ' ', '.', '..', 'a..b', 'a.', '.a', 'a\u0000b', '\u0000', '\ud800', '\u202e', '$where', '$regex', '$gt', 'zzz_unknown_field',
  'a'.repeat(300), big(100_000, 'k'), 'a.'.repeat(2000) + 'a', '-', '-name', '*', '%', '_any_', '_all_',
])

const PROTO_OBJECTS = (): Raw[] => [
  new Raw('{"__proto__":{"polluted":"yes"}}', '{__proto__:{polluted}}'),
  new Raw('{"constructor":{"prototype":{"polluted":"yes"}}}', '{constructor:{prototype:{polluted}}}'),
  new Raw('{"__proto__.polluted":"yes"}', '{"__proto__.polluted"}'),
  new Raw('{"a":{"__proto__":{"polluted":"yes"}}}', '{a:{__proto__:{polluted}}}'),
  new Raw('{"__proto__":{"toString":"x","valueOf":"x","content-encoding":"gzip"}}', '{__proto__:{toString,valueOf}}'),
  new Raw('{"__proto__":[]}', '{__proto__:[]}'),
  new Raw('{"__proto__":null}', '{__proto__:null}'),
]

/** Classes of hostile value, with a weight and the field kinds they suit best (empty: any field). */
interface HostileClass { cls: string; weight: number; fits: readonly Shape['kind'][]; make: (r: Rng) => unknown }

const STRINGS = {
  nul: ['\u0000', 'a\u0000b', 'name\u0000.txt', '\u0000'.repeat(100)],
  control: ['\x01\x02\x03\x1b[31mred\x1b[0m', '\r\n\r\nX-Injected: 1', '\t\v\f\b', '\x7f\x85\u2028\u2029', 'line1\nline2'],
  surrogate: ['\ud800', '\udfff', 'a\udc00b', '\udfff\ud800', '\ud83d', 'x'.repeat(50) + '\ud800'],
  unicode: [
    '\u202eevil\u202c', 'مرحبا بالعالم', 'שלום', '👩‍👩‍👧‍👦🏳️‍🌈', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇', 'a\u0301\u0301\u0301\u0301', '\u200b\u200c\u200d\ufeff',
    'İıßﬀ', 'ＡＢＣ', '\ufffd\uffff\ufffe', '𝕏𝕪𝕫', 'e\u0301'.repeat(1000), '\u0300'.repeat(5000),
  ],
  regex: ['(a+)+$', '(a|a)*b', '(.*a){30}', '[', ']', '(', ')', '\\', '*', '+', '?', '{', '{1,99999}', 'a{1000000}', '(?<n>', '(?=a)',
    '\\p{L}', '\\u{110000}', '[^]', '^$', '.*.*.*.*.*.*=.*', '\\1', '(?i)abc', '[z-a]', 'a**', '(((((((((((((((((((((a)))))))))))))))))))))',
    '^(a+)+$', '(x+x+)+y'],
  percent: ['%', '%%', '%E0%A4%A', '%zz', '%00', '%2e%2e%2f', '..%2f..%2fetc%2fpasswd', '%u0041', '%C0%AE', '%ff%fe', '+%20+'],
  path: ['../../../../etc/passwd', '..\\..\\windows', '/', '.', '..', '/dev/zero', 'C:\\', 'a/../../b', 'file:///etc/passwd',
    '\\\\server\\share', 'a'.repeat(300) + '.txt', 'CON', 'nul.txt'],
  date: ['9999-99-99', '0000-00-00', '2020-02-30T25:61:61Z', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00.001Z', 'Invalid Date',
    '1970-01-01T00:00:00+99:99', 'now', '2020-13-01', '1e21', '99999999999999999999'],
  numeric: ['1e308', '-1e308', '1e999', 'NaN', 'Infinity', '-0', '0x10', '1_000', '9007199254740993', ' 1 ', '١٢٣'],
  injection: ["' OR 1=1 --", '"; DROP TABLE tasks; --', "'); SELECT * FROM users; --", '${7*7}', '{{7*7}}', '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>', '$where', '{"$gt":""}', 'javascript:alert(1)', '\'\'\'', '`', '" OR ""="'],
  proto: ['__proto__', 'constructor', 'prototype', '__proto__.polluted', '-__proto__.valueOf', '__proto__.valueOf',
    'constructor.prototype.polluted', '-constructor', 'hasOwnProperty', 'toString', 'a.__proto__.b', 'prototype.polluted'],
  dotted: ['a.b.c', 'a..b', '.', '..', 'a.', '.a', 'a.'.repeat(5000) + 'a', '$', '$.a', 'a[0]', 'a.0.b', 'execution.queue', '*'],
  blank: ['', ' ', '   ', '\t', '\n', '-', '--', '_'],
}

export const CLASSES: readonly HostileClass[] = [
  // wrong types
  { cls: 'type:string', weight: 3, fits: ['number', 'boolean', 'array', 'object', 'record'], make: (r) => r.pick(['fuzz', '1', 'true', 'null', '[]', '{}']) },
  { cls: 'type:number', weight: 3, fits: ['string', 'boolean', 'array', 'object', 'record'], make: (r) => r.pick([0, 1, -1, 42, 1.5]) },
  { cls: 'type:bool', weight: 2, fits: ['string', 'number', 'array', 'object', 'record'], make: (r) => r.pick([true, false]) },
  { cls: 'type:null', weight: 2, fits: [], make: () => null },
  { cls: 'type:array', weight: 3, fits: ['string', 'number', 'boolean', 'object', 'record'], make: (r) => r.pick([[], ['x'], [1, 'a', null, {}, []], [[[]]]]) },
  { cls: 'type:object', weight: 3, fits: ['string', 'number', 'boolean', 'array'], make: (r) => r.pick([{}, { a: 1 }, { $gt: '' }, { $regex: '.*' }, { '': null }]) },
  // numbers
  { cls: 'num:huge', weight: 4, fits: ['number'], make: (r) => r.pick([1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE]) },
  { cls: 'num:1e21', weight: 4, fits: ['number'], make: (r) => r.pick([1e21, -1e21, 1e19, 1e300]) },
  { cls: 'num:infinite', weight: 2, fits: ['number'], make: (r) => r.pick([new Raw('1e999', '1e999'), new Raw('-1e999', '-1e999')]) },
  { cls: 'num:small', weight: 4, fits: ['number'], make: (r) => r.pick([-1, 0, -2147483649, -100000]) },
  { cls: 'num:-0', weight: 1, fits: ['number'], make: () => new Raw('-0', '-0') },
  { cls: 'num:unsafe', weight: 3, fits: ['number'], make: (r) => r.pick([new Raw('9007199254740993', '2**53+1'), 2 ** 53, 2 ** 63, -(2 ** 63),
    new Raw('9223372036854775807', 'int64 max'), new Raw('-9223372036854775809', 'below int64 min'), 2 ** 31, 2 ** 32 + 1]) },
  { cls: 'num:fraction', weight: 3, fits: ['number'], make: (r) => r.pick([1.5, -0.5, 5e-324, 1e-7, 0.1 + 0.2, new Raw('1.0', '1.0'), new Raw('1E2', '1E2')]) },
  // strings
  { cls: 'str:100k', weight: 3, fits: ['string'], make: (r) => r.pick([big(100_000), big(100_000, '\u00e9'), big(100_000, '%'), big(50_000, '😀')]) },
  { cls: 'str:1m', weight: 0.15, fits: ['string'], make: () => big(1 << 20) },
  { cls: 'str:nul', weight: 3, fits: ['string'], make: (r) => r.pick(STRINGS.nul) },
  { cls: 'str:control', weight: 2, fits: ['string'], make: (r) => r.pick(STRINGS.control) },
  { cls: 'str:surrogate', weight: 3, fits: ['string'], make: (r) => r.pick(STRINGS.surrogate) },
  { cls: 'str:unicode', weight: 3, fits: ['string'], make: (r) => r.pick(STRINGS.unicode) },
  { cls: 'str:regex', weight: 4, fits: ['string'], make: (r) => r.pick(STRINGS.regex) },
  { cls: 'str:percent', weight: 2, fits: ['string'], make: (r) => r.pick(STRINGS.percent) },
  { cls: 'str:path', weight: 2, fits: ['string'], make: (r) => r.pick(STRINGS.path) },
  { cls: 'str:date', weight: 2, fits: ['string'], make: (r) => r.pick(STRINGS.date) },
  { cls: 'str:numeric', weight: 2, fits: ['string'], make: (r) => r.pick(STRINGS.numeric) },
  { cls: 'str:injection', weight: 2, fits: ['string'], make: (r) => r.pick(STRINGS.injection) },
  { cls: 'str:proto', weight: 3, fits: ['string'], make: (r) => r.pick(STRINGS.proto) },
  { cls: 'str:dotted', weight: 2, fits: ['string'], make: (r) => r.pick(STRINGS.dotted) },
  { cls: 'str:blank', weight: 2, fits: ['string'], make: (r) => r.pick(STRINGS.blank) },
  // structures
  { cls: 'obj:proto', weight: 4, fits: ['object', 'record', 'unknown'], make: (r) => r.pick(PROTO_OBJECTS()) },
  { cls: 'obj:operators', weight: 2, fits: ['object', 'record', 'unknown'], make: (r) => r.pick([{ $gt: '' }, { $where: 'sleep(1000)' }, { $regex: '(a+)+$' }, { $ne: null, $in: [] }, { '': { '': {} } }]) },
  { cls: 'obj:many-keys', weight: 1, fits: ['object', 'record', 'unknown'], make: () => manyKeys() },
  { cls: 'deep:10k', weight: 2, fits: [], make: (r) => (r.chance(0.5) ? deepArray() : deepObject()) },
  { cls: 'deep:sqlite', weight: 2, fits: ['object', 'record', 'array', 'unknown'], make: (r) => r.pick([deepArray(1001), deepObject(1001), deepObject(2000), deepArray(999)]) },
  { cls: 'arr:100k', weight: 1.5, fits: ['array'], make: (r) => longArray(r.chance(0.5) ? 'num' : 'str') },
  { cls: 'arr:20k-strings', weight: 1, fits: ['array'], make: () => once('arr20k', () => Array.from({ length: 20_000 }, (_, i) => `f${i}`)) },
  { cls: 'arr:odd-items', weight: 3, fits: ['array'], make: (r) => r.pick([[null], [[]], [{}], ['', ''], [1e308], ['\u0000'], ['(a+)+$'], ['__proto__'], ['-__proto__.valueOf'], [true, 1, 'a']]) },
]

const HOSTILE_BY_KIND = new Map<string, HostileClass[]>()

/** A hostile value for a field of this shape: most often one that suits its type, sometimes any at all. */
export function hostileFor(r: Rng, shape: Shape | undefined): Hostile {
  const kind = shape?.kind === 'union' ? r.pick(shape.options).kind : shape?.kind ?? 'unknown'
  let pool = CLASSES
  if (r.chance(0.6)) {
    pool = HOSTILE_BY_KIND.get(kind) ?? []
    if (pool.length === 0) {
      pool = CLASSES.filter((c) => c.fits.length === 0 || c.fits.includes(kind))
      HOSTILE_BY_KIND.set(kind, pool as HostileClass[])
    }
  }
  const c = r.weighted(pool.map((x) => [x.weight, x] as const))
  return { cls: c.cls, value: c.make(r) }
}

/** A plain hostile value of any class (the value of an unknown key, an item in a list). */
export const anyHostile = (r: Rng): Hostile => hostileFor(r, undefined)

// ---------------------------------------------------------------------------------------------- forged tokens

/** A deflate bomb: 32 MB of zeros in ~32 KB. */
const bomb = () => once('bomb', () => deflateRawSync(Buffer.alloc(32 * 1_048_576)).toString('base64url'))

const FORGED_JSON = [
  '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', 'null', '[]', '"x"', '1e999', '{}',
  '{"position":1e308,"cursor":-1,"page":1e21,"offset":"x","size":9007199254740993}',
]

/**
 * A forged version of an opaque id the server handed out (a scroll_id, a prepare_id): its compressed JSON or text
 * part decoded, one value turned hostile, encoded again, any signature left as it was. Undefined when the id is
 * not in a shape the fuzzer can read.
 */
export function forgeToken(token: string, r: Rng): Hostile | undefined {
  const parts = token.split('.')
  const at = r.int(parts.length)
  const segment = parts[at]
  const rebuilt = (s: string) => parts.map((p, i) => (i === at ? s : p)).join('.')
  const bytes = Buffer.from(segment, 'base64url')
  let json: unknown
  try {
    json = JSON.parse(inflateRawSync(bytes, { maxOutputLength: 1 << 20 }).toString('utf8'))
  } catch { /* not compressed JSON */ }
  const pack = (text: string) => deflateRawSync(Buffer.from(text, 'utf8')).toString('base64url')
  if (json !== undefined) {
    const choice = r.int(4)
    if (choice === 0) return { cls: 'token:bomb', value: rebuilt(bomb()) }
    if (choice === 1) return { cls: 'token:forged-json', value: rebuilt(pack(r.pick(FORGED_JSON))) }
    if (choice === 2) return { cls: 'token:deep-json', value: rebuilt(pack(deepArray(r.pick([1001, 10_000])).text)) }
    // One value inside the state turned hostile (a number out of range, a wrong type, …).
    const state = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {}
    const keys = Object.keys(state)
    const key = keys.length > 0 && r.chance(0.85) ? r.pick(keys) : hostileKeys(r)
    const h = hostileFor(r, undefined)
    const copy = Array.isArray(state) ? [...state] : { ...state }
    put(copy as Record<string, unknown>, key, h.value)
    return { cls: `token:${h.cls}`, value: rebuilt(pack(toJson(copy))) }
  }
  const text = bytes.toString('utf8')
  if (segment.length > 4 && /^[\x20-\x7e]+$/.test(text)) {
    // A readable id such as "clarion-scroll:40": its numbers swapped for hostile ones.
    const n = r.pick(['1e21', '-1', '9007199254740993', 'NaN', '', '1e999', '0x10', '-0', '99999999999999999999999', '1.5'])
    return { cls: 'token:text', value: rebuilt(Buffer.from(/\d/.test(text) ? text.replace(/\d+/, n) : `${text}:${n}`).toString('base64url')) }
  }
  return undefined
}

/** A file path or name as an attacker would send it to the file server. */
export const hostilePath = (r: Rng): string => r.weighted<() => string>([
  [4, () => r.pick(STRINGS.path)], [2, () => r.pick(STRINGS.percent)], [2, () => `fuzz/${r.pick(STRINGS.nul)}`],
  [1, () => `fuzz/${r.pick(STRINGS.surrogate)}.txt`], [2, () => `fuzz/${r.pick(STRINGS.unicode)}.txt`], [1, () => r.pick(STRINGS.dotted)],
  [1, () => r.pick(STRINGS.blank)], [1, () => r.pick(STRINGS.proto)], [1, () => `fuzz/${r.pick(STRINGS.injection)}`],
  [2, () => `fuzz/${'a'.repeat(r.pick([255, 256, 300, 5000]))}.txt`], [1, () => `${'d/'.repeat(r.pick([100, 500, 5000]))}f.txt`],
  [1, () => `fuzz/${big(100_000)}`], [1, () => `fuzz/${r.pick(STRINGS.control)}`], [3, () => `fuzz/ok-${r.int(5)}.txt`],
])()
