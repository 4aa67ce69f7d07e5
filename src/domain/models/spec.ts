// How models.get_all / get_all_ex read their query fields (ClearML's Model.get_all_query_options).
import type { EntitySpec } from '../query/get-all.js'

export const MODEL_SPEC: EntitySpec = {
  pattern: ['name', 'comment'],
  list: ['tags', 'system_tags', 'framework', 'uri', 'id', 'user', 'project', 'task', 'parent', 'metadata.*'],
  range: ['created', 'last_metrics.*', 'last_iteration'],
  datetime: ['last_update', 'last_change'],
  equality: ['ready'],
  excludedByDefault: ['ui_cache', 'company_origin', 'unique_metrics'],
  // Metadata values are text the SDK writes from numbers ("0.9"); ClearML sorts them with numeric collation.
  numericOrder: ['metadata.', 'last_metrics.'],
}

/** Fields holding ids of other documents: the _ex endpoints return them as `{id, …}` objects. */
export const MODEL_REFERENCE_FIELDS = ['company', 'user', 'parent', 'project', 'task'] as const
