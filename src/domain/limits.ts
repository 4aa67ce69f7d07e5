// The sizes and ranges Clarion holds client input to (DESIGN.md §5: every input costs at most linear time and
// never reaches the store as something it cannot take). One table, so the request schemas
// (services/common/bounds.ts), the get_all query language and event parsing agree. ClearML sets none of these
// limits; each is far above what the SDK, the agent and the web app send, and an input over one is refused with a
// 4xx that names the limit rather than failing inside SQLite or filling a document.

/** Task, model, queue, report and worker names, metadata keys, hyperparameter sections and names. */
export const MAX_NAME_CHARS = 1_000
/** Project names are paths (`a/b/c`, up to 10 levels) and the SDK nests `.datasets/…`, `.pipelines/…` under them. */
export const MAX_PROJECT_NAME_CHARS = 2_000
/** A metric or variant name of an event. Each one is a key of the task's last_metrics, rewritten on every batch. */
export const MAX_METRIC_NAME_CHARS = 1_000
/** One tag or system tag; a tag is a label, the SDK's longest are a few dozen characters. */
export const MAX_TAG_CHARS = 255
/** Tags (or system tags) on one entity, or in one tags request. */
export const MAX_TAGS = 1_000
/** Comments, descriptions, status messages and reasons. */
export const MAX_TEXT_CHARS = 65_536
/** Items of a list field: ids, names, values of one query field. */
export const MAX_LIST_ITEMS = 10_000
/** A field path of the query language or of only_fields (`hyperparams.Args.lr.value`). */
export const MAX_FIELD_PATH_CHARS = 1_000
/** order_by keys: each costs up to three ORDER BY terms, and SQLite takes at most 2,000. */
export const MAX_ORDER_FIELDS = 100
/** Conditions of one get_all query. SQLite refuses expressions nested deeper than 1,000 (an OR chain nests). */
export const MAX_FILTER_TERMS = 500
/** Values over all conditions of one get_all query; SQLite binds at most 32,766 parameters per statement. */
export const MAX_FILTER_VALUES = 20_000
/** Offsets, counts and ids that reach SQL as integers: beyond 2^53 a JS number no longer binds as one. */
export const MAX_SAFE_COUNT = Number.MAX_SAFE_INTEGER
/** 9999-12-31T23:59:59.999Z: the last instant an ISO-8601 date (and so every date on the wire) can show. */
export const MAX_EPOCH_MS = 253_402_300_799_999
export const MAX_EPOCH_SEC = Math.floor(MAX_EPOCH_MS / 1000)
/** Timeouts and lifetimes: ten years is longer than any worker, lease or property should live. */
export const MAX_DURATION_SEC = 10 * 365 * 24 * 3600
/** Events per page of the events endpoints: ClearML's Elasticsearch answers at most 10,000 hits per search. */
export const MAX_EVENTS_BATCH = 10_000
/** scalar_metrics_iter_raw: ClearML's services.events.events_retrieval.max_raw_scalars_size; the web app asks for it. */
export const MAX_RAW_SCALARS_BATCH = 200_000
/**
 * Nesting of a request body or query key. ClearML keeps documents in MongoDB, which refuses nesting deeper than 100
 * levels, so no real client sends more; deeper bodies would only cost recursion depth in every handler that walks them.
 */
export const MAX_BODY_DEPTH = 100
/** SQLite's JSON functions refuse documents nested deeper than this (and every document table indexes JSON). */
export const MAX_STORED_JSON_DEPTH = 1_000

/** C0 controls and DEL: never part of a name, a tag or a field path (NUL even cuts SQLite's JSON paths short). */
const CONTROL = /[\u0000-\u001f\u007f]/

export const hasControlChars = (s: string): boolean => CONTROL.test(s)

/** Why a field path cannot be used, or undefined when it can. */
export function fieldPathProblem(path: string): string | undefined {
  if (path.length > MAX_FIELD_PATH_CHARS) return `field path is longer than ${MAX_FIELD_PATH_CHARS} characters`
  if (hasControlChars(path)) return 'field path holds a control character'
  return undefined
}

/**
 * How deeply a JSON value nests (a scalar is 0, `{}` and `[]` are 1), stopping once past `limit`. Iterative, so
 * a value nested deeper than the call stack is measured too.
 */
export function jsonDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let max = 0
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number]
    if (typeof v !== 'object' || v === null) continue
    const here = depth + 1
    if (here > max) max = here
    if (max > limit) return max
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, here])
    }
  }
  return max
}
