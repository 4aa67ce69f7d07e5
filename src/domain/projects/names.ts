// Project names are full paths (`a/b/c`): the tree lives in the names, `parent` and the hidden `path` of
// ancestor ids. These rules are pure so every service that takes a project name applies the same ones.
import { errors } from '../../errors.js'

export const NAME_SEPARATOR = '/'
/** services.projects.sub_projects.max_depth in ClearML. */
export const MAX_PROJECT_DEPTH = 10
/** ClearML's Project.name field has min_length=3. */
export const MIN_PROJECT_NAME_LENGTH = 3

/** Name parts with blanks trimmed and empty parts (`a//b`, a trailing `/`) dropped, as ClearML does. */
export function projectNameParts(name: string): string[] {
  return name.split(NAME_SEPARATOR).map((p) => p.trim()).filter((p) => p !== '')
}

export const projectDepth = (name: string): number => projectNameParts(name).length

export interface CleanName {
  /** The full name with redundant separators removed; '' for an empty name. */
  name: string
  /** The parent's full name; '' at the top. */
  location: string
  basename: string
}

export function cleanProjectName(name: string): CleanName {
  const parts = projectNameParts(name)
  return {
    name: parts.join(NAME_SEPARATOR),
    location: parts.slice(0, -1).join(NAME_SEPARATOR),
    basename: parts.at(-1) ?? '',
  }
}

/** A name a client may create or rename to: 400/407 when empty or too short, 400/409 when too deep. */
export function validProjectName(name: string): CleanName {
  const clean = cleanProjectName(name)
  if (clean.name === '') throw errors.invalidProjectName('empty project name', { name })
  if (clean.name.length < MIN_PROJECT_NAME_LENGTH) {
    throw errors.invalidProjectName(`at least ${MIN_PROJECT_NAME_LENGTH} characters required`, { name })
  }
  if (projectDepth(clean.name) > MAX_PROJECT_DEPTH) throw errors.projectPathExceedsMax(undefined, { max_depth: MAX_PROJECT_DEPTH })
  return clean
}

/** The name a descendant takes when an ancestor named `oldPrefix` becomes `newPrefix`. */
export function renameUnder(childName: string, oldPrefix: string, newPrefix: string): string {
  const suffix = projectNameParts(childName).slice(projectNameParts(oldPrefix).length)
  return [...projectNameParts(newPrefix), ...suffix].join(NAME_SEPARATOR)
}
