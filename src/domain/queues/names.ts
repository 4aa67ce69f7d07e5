import { errors } from '../../errors.js'

const MIN_NAME_LENGTH = 3

/** ClearML strips queue names and wants at least three characters (400/800 otherwise). */
export function checkQueueName(name: string): string {
  const stripped = name.trim()
  if (stripped.length < MIN_NAME_LENGTH) {
    throw errors.dataValidation(`queue name must have at least ${MIN_NAME_LENGTH} characters`, { name })
  }
  return stripped
}
