// Field rules of a model document, as ClearML's Model class enforces them.
import { errors } from '../../errors.js'

/** ClearML's Model.name has min_length=3 after stripping blanks. */
export const MIN_MODEL_NAME_LENGTH = 3
export const ARCHIVED_TAG = 'archived'

/** Writing any of these bumps last_update (ClearML's last_update_fields); other edits only bump last_change. */
export const CONTENT_FIELDS: readonly string[] = ['uri', 'framework', 'design', 'labels', 'ready', 'metadata', 'system_tags', 'tags']

/** What models.update may write (ClearML's user_set_allowed fields); anything else in the request is ignored. */
export const USER_SETTABLE_FIELDS: readonly string[] = ['name', 'project', 'created', 'comment', 'tags', 'system_tags', 'uri', 'ui_cache', 'metadata']

export function cleanModelName(name: string): string {
  const clean = name.trim()
  if (clean.length < MIN_MODEL_NAME_LENGTH) {
    throw errors.dataValidation(`name must be at least ${MIN_MODEL_NAME_LENGTH} characters`, { name })
  }
  return clean
}

/** Labels map names to integer ids (null allowed); a non-zero id may appear only once. */
export function checkLabels(labels: Record<string, unknown>): Record<string, number> {
  const values = Object.values(labels)
  const invalid = values.filter((v) => v !== null && !Number.isInteger(v))
  if (invalid.length > 0) throw errors.validation('labels values must be integers', { values: invalid.map(String) })
  const ids = values.filter((v): v is number => typeof v === 'number' && v !== 0)
  if (new Set(ids).size < ids.length) throw errors.dataValidation('Same label id appears more than once in model labels')
  return labels as Record<string, number>
}

export const sortedTags = (tags: readonly string[] | undefined): string[] => [...new Set(tags ?? [])].sort()
