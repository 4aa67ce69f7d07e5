// The parts of the fuzz test that know nothing about Clarion: a seeded PRNG, a walk over zod schemas that yields
// each endpoint's fields and types, and a JSON writer that can emit text JSON.stringify cannot (1e999, -0,
// 10,000 levels of nesting, own `__proto__` keys).
import type { z } from 'zod'

/** The fixed seed in CI; FUZZ_SEED picks another run. */
export const SEED = Number(process.env.FUZZ_SEED ?? 13)
/** About 5,000 cases in CI (~20 s on 2 cores): several hostile values for every field. FUZZ_CASES runs longer. */
export const CASES = Number(process.env.FUZZ_CASES ?? 5000)

// ---------------------------------------------------------------------------------------------- PRNG

/** sfc32: small, fast and good enough; the same seed gives the same cases on every machine. */
export function rng(seed: number) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0
    const t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    const r = (t + d) | 0
    c = (c + r) | 0
    return (r >>> 0) / 4294967296
  }
  for (let i = 0; i < 15; i++) next()
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick<T>(xs: readonly T[]): T { return xs[Math.floor(next() * xs.length)] },
    weighted<T>(xs: readonly (readonly [number, T])[]): T {
      const total = xs.reduce((s, [w]) => s + w, 0)
      let x = next() * total
      for (const [w, v] of xs) if ((x -= w) < 0) return v
      return xs[xs.length - 1][1]
    },
  }
}
export type Rng = ReturnType<typeof rng>

// ---------------------------------------------------------------------------------------------- shapes

export type Shape =
  | { kind: 'object'; fields: Record<string, Field>; open: boolean }
  | { kind: 'record'; value: Shape }
  | { kind: 'array'; item: Shape; min: number }
  | { kind: 'string'; values?: readonly string[]; min: number }
  | { kind: 'number'; int: boolean; min?: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'literal'; value: unknown }
  | { kind: 'union'; options: Shape[] }
  | { kind: 'unknown' }

export interface Field { shape: Shape; optional: boolean }

const UNKNOWN: Shape = { kind: 'unknown' }

/** What a zod schema accepts, with the wrappers (optional, nullable, default, effects, …) peeled off. */
export function fieldOf(schema: z.ZodTypeAny, depth = 0): Field {
  let optional = false
  let s: z.ZodTypeAny = schema
  for (let guard = 0; guard < 50; guard++) {
    const def = s._def as { typeName?: string; [k: string]: any }
    switch (def.typeName) {
      case 'ZodOptional': case 'ZodNullable': case 'ZodDefault': case 'ZodCatch':
        optional = true
        s = def.innerType
        continue
      case 'ZodEffects': s = def.schema; continue
      case 'ZodPipeline': s = def.in; continue
      case 'ZodBranded': s = def.type; continue
      case 'ZodReadonly': s = def.innerType; continue
      case 'ZodLazy': if (depth > 6) return { shape: UNKNOWN, optional }; s = def.getter(); continue
    }
    return { shape: shapeOfUnwrapped(s, depth), optional: optional || s.isOptional() }
  }
  return { shape: UNKNOWN, optional: true }
}

export const shapeOf = (schema: z.ZodTypeAny, depth = 0): Shape => fieldOf(schema, depth).shape

function shapeOfUnwrapped(s: z.ZodTypeAny, depth: number): Shape {
  const def = s._def as { typeName?: string; [k: string]: any }
  switch (def.typeName) {
    case 'ZodObject': {
      const shape = (s as z.ZodObject<z.ZodRawShape>).shape
      const fields: Record<string, Field> = {}
      for (const [k, v] of Object.entries(shape)) fields[k] = fieldOf(v as z.ZodTypeAny, depth + 1)
      const open = def.unknownKeys === 'passthrough' || def.catchall?._def?.typeName !== 'ZodNever'
      return { kind: 'object', fields, open }
    }
    case 'ZodRecord': return { kind: 'record', value: shapeOf(def.valueType, depth + 1) }
    case 'ZodMap': return { kind: 'record', value: shapeOf(def.valueType, depth + 1) }
    case 'ZodArray': return { kind: 'array', item: shapeOf(def.type, depth + 1), min: def.minLength?.value ?? 0 }
    case 'ZodSet': return { kind: 'array', item: shapeOf(def.valueType, depth + 1), min: 0 }
    case 'ZodTuple': return { kind: 'array', item: { kind: 'union', options: def.items.map((i: z.ZodTypeAny) => shapeOf(i, depth + 1)) }, min: def.items.length }
    case 'ZodString': {
      const min = (def.checks as { kind: string; value?: number }[]).find((c) => c.kind === 'min')?.value ?? 0
      return { kind: 'string', min }
    }
    case 'ZodEnum': return { kind: 'string', values: def.values as string[], min: 1 }
    case 'ZodNativeEnum': return { kind: 'string', values: Object.values(def.values).filter((v): v is string => typeof v === 'string'), min: 1 }
    case 'ZodNumber': case 'ZodBigInt': {
      const checks = (def.checks ?? []) as { kind: string; value?: number; inclusive?: boolean }[]
      return {
        kind: 'number', int: checks.some((c) => c.kind === 'int'),
        min: checks.find((c) => c.kind === 'min')?.value, max: checks.find((c) => c.kind === 'max')?.value,
      }
    }
    case 'ZodBoolean': return { kind: 'boolean' }
    case 'ZodLiteral': return { kind: 'literal', value: def.value }
    case 'ZodUnion': case 'ZodDiscriminatedUnion': {
      const options = [...(def.options as Iterable<z.ZodTypeAny>)].map((o) => shapeOf(o, depth + 1))
      return { kind: 'union', options }
    }
    case 'ZodIntersection': {
      const l = shapeOf(def.left, depth + 1), r = shapeOf(def.right, depth + 1)
      if (l.kind === 'object' && r.kind === 'object') return { kind: 'object', fields: { ...l.fields, ...r.fields }, open: l.open || r.open }
      return { kind: 'union', options: [l, r] }
    }
    case 'ZodDate': return { kind: 'string', min: 0 }
    default: return UNKNOWN
  }
}

/** Every field name the whole API knows, with one shape for each: used to fill open objects and records. */
export function harvestFields(shapes: readonly Shape[]): Map<string, Shape> {
  const out = new Map<string, Shape>()
  const visit = (s: Shape, depth: number) => {
    if (depth > 8) return
    if (s.kind === 'object') {
      for (const [k, f] of Object.entries(s.fields)) {
        if (!out.has(k)) out.set(k, f.shape)
        visit(f.shape, depth + 1)
      }
    } else if (s.kind === 'array') visit(s.item, depth + 1)
    else if (s.kind === 'record') visit(s.value, depth + 1)
    else if (s.kind === 'union') s.options.forEach((o) => visit(o, depth + 1))
  }
  shapes.forEach((s) => visit(s, 0))
  return out
}

// ---------------------------------------------------------------------------------------------- JSON writer

/** JSON text written as is: values JSON.stringify cannot produce. `label` names it in reports. */
export class Raw {
  constructor(readonly text: string, readonly label: string) {}
}

/** Sets a key as an own enumerable property, so `__proto__` is a key and not the prototype. */
export function put(o: Record<string, unknown>, k: string, v: unknown): Record<string, unknown> {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
  return o
}

export function toJson(v: unknown): string {
  if (v instanceof Raw) return v.text
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${toJson((v as Record<string, unknown>)[k])}`).join(',')}}`
  }
  if (v === undefined) return 'null'
  return JSON.stringify(v)
}

/** A short, readable form of a request for reports: big strings and raw texts shown by size. */
export function describe(v: unknown, budget = 300): string {
  const short = (s: string) => {
    if (s.length <= 60) return JSON.stringify(s)
    const head = s.slice(0, 12)
    return /^(.)\1*$/s.test(s) ? `${JSON.stringify(s[0])}×${s.length}` : `${JSON.stringify(head)}…(${s.length} chars)`
  }
  const walk = (x: unknown, depth: number): string => {
    if (x instanceof Raw) return x.text.length <= 80 ? x.text : `<${x.label}>`
    if (typeof x === 'string') return short(x)
    if (Array.isArray(x)) {
      if (depth > 4) return '[…]'
      const items = x.slice(0, 5).map((i) => walk(i, depth + 1))
      return `[${items.join(',')}${x.length > 5 ? `,…(${x.length} items)` : ''}]`
    }
    if (typeof x === 'object' && x !== null) {
      if (depth > 4) return '{…}'
      const keys = Object.keys(x)
      const parts = keys.slice(0, 12).map((k) => `${short(k)}:${walk((x as Record<string, unknown>)[k], depth + 1)}`)
      return `{${parts.join(',')}${keys.length > 12 ? `,…(${keys.length} keys)` : ''}}`
    }
    return x === undefined ? 'undefined' : Object.is(x, -0) ? '-0' : JSON.stringify(x) ?? String(x)
  }
  const text = walk(v, 0)
  return text.length > budget ? `${text.slice(0, budget)}…` : text
}
