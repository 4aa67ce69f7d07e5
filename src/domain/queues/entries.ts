// Reordering queue entries, with ClearML's clamping: a move past either end lands at that end.
import type { QueueEntry } from '../entities/queue.js'

export type Move = { to: 'front' } | { to: 'back' } | { by: number }

/** The entries after moving `task`, and its new index; undefined when the task is not in the list. */
export function moveEntry(entries: readonly QueueEntry[], task: string, move: Move): { entries: QueueEntry[]; position: number } | undefined {
  const index = entries.findIndex((e) => e.task === task)
  if (index < 0) return undefined
  const moved = entries.filter((e) => e.task === task)
  const others = entries.filter((e) => e.task !== task)
  let target: number
  if ('to' in move) target = move.to === 'front' ? 0 : others.length
  else target = Math.min(Math.max(index + move.by, 0), others.length)
  const result = [...others.slice(0, target), ...moved, ...others.slice(target)]
  return { entries: result, position: result.findIndex((e) => e.task === task) }
}
