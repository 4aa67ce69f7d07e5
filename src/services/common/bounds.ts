// Bounded building blocks for the request schemas: every name, tag, text, list and number a client sends is held
// to the limits of domain/limits.ts, so an oversized or out-of-range value is a 400/12 naming the field instead of
// a 500 from SQLite, an invalid Date or a huge document. Each service's schemas.ts builds from these.
import { z } from 'zod'
import {
  MAX_DURATION_SEC, MAX_EPOCH_MS, MAX_EPOCH_SEC, MAX_LIST_ITEMS, MAX_NAME_CHARS, MAX_PROJECT_NAME_CHARS, MAX_SAFE_COUNT,
  MAX_TAG_CHARS, MAX_TAGS, MAX_TEXT_CHARS,
} from '../../domain/limits.js'

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/

/** A single-line label: at most `maxChars` characters and no control characters. */
export const label = (maxChars: number): z.ZodString =>
  z.string().max(maxChars, `at most ${maxChars} characters`).regex(NO_CONTROL, 'control characters are not allowed')

/** Task, model, queue, report and worker names; hyperparameter sections and names; metadata keys. */
export const name = (): z.ZodString => label(MAX_NAME_CHARS)
/** A project name is a path of names. */
export const projectName = (): z.ZodString => label(MAX_PROJECT_NAME_CHARS)
/** An entity id as clients send it; ids are 32 hex digits, but ClearML takes any string. */
export const id = (): z.ZodString => label(MAX_NAME_CHARS)
/** Comments, descriptions, status messages: free text, several lines. */
export const text = (): z.ZodString => z.string().max(MAX_TEXT_CHARS, `at most ${MAX_TEXT_CHARS} characters`)

/** At most `maxItems` items (MAX_LIST_ITEMS unless given). */
export const list = <T extends z.ZodTypeAny>(item: T, maxItems = MAX_LIST_ITEMS): z.ZodArray<T> =>
  z.array(item).max(maxItems, `at most ${maxItems} items`)

export const tag = (): z.ZodString => label(MAX_TAG_CHARS)
export const tags = (): z.ZodArray<z.ZodString> => list(tag(), MAX_TAGS)
export const ids = (): z.ZodArray<z.ZodString> => list(id())
/** Names to select by (metrics, variants, configuration names, keys). */
export const names = (): z.ZodArray<z.ZodString> => list(z.string().max(MAX_NAME_CHARS, `at most ${MAX_NAME_CHARS} characters`))

/** An integer between `min` and `max`, both inclusive. */
export const int = (min: number, max: number): z.ZodNumber =>
  z.number().int().min(min, `at least ${min}`).max(max, `at most ${max}`)

/** A count, size or offset that reaches SQL as an integer. */
export const count = (max = MAX_SAFE_COUNT): z.ZodNumber => int(0, max)
/** Milliseconds since the epoch, up to the end of year 9999 (the last date ISO-8601 can show). */
export const epochMs = (): z.ZodNumber => z.number().min(0, 'at least 0').max(MAX_EPOCH_MS, `at most ${MAX_EPOCH_MS}`)
/** Seconds since the epoch, up to the end of year 9999. */
export const epochSec = (): z.ZodNumber => z.number().min(0, 'at least 0').max(MAX_EPOCH_SEC, `at most ${MAX_EPOCH_SEC}`)
/** A timeout or lifetime in seconds (at most ten years). */
export const durationSec = (): z.ZodNumber => int(0, MAX_DURATION_SEC)
/** Any integer JavaScript holds exactly (iterations beyond it are refused by the events parser the same way). */
export const safeInt = (): z.ZodNumber => int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
