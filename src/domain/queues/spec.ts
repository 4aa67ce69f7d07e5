// How queues.get_all / get_all_ex read their query fields (ClearML's Queue.get_all_query_options).
import type { EntitySpec } from '../query/get-all.js'

export const QUEUE_SPEC: EntitySpec = {
  pattern: ['name'],
  list: ['tags', 'system_tags', 'id', 'metadata.*'],
  range: [],
  datetime: [],
  equality: [],
  excludedByDefault: [],
  numericOrder: ['metadata.'],
}
