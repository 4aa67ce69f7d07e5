// Dotted paths from requests and config files (`a.b.c`) walk into plain objects. A segment named `__proto__`,
// `constructor` or `prototype` would walk into Object.prototype instead and change every object in the process,
// so every path-walking entry splits its paths here and refuses those names.
import { errors } from '../errors.js'

const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

export const isSafeKey = (key: string): boolean => !UNSAFE_KEYS.has(key)

/** Whether `value` is a plain JSON object (not an array, not null). */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** An own, safe property of `holder`: inherited members (`toString`, `constructor`) are never a path's target. */
export const hasOwnKey = (holder: object, key: string): boolean => isSafeKey(key) && Object.hasOwn(holder, key)

/** The segments of a dotted request path; 400/12 when one of them names a prototype member. */
export function splitPath(path: string): string[] {
  const parts = path.split('.')
  if (!parts.every(isSafeKey)) throw errors.validation(`field path not allowed: ${path.slice(0, 200)}`)
  return parts
}
