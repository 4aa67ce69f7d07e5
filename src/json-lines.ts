// json-lines bodies (application/json-lines: one JSON object per line), as batch endpoints take them. Shared by
// the transport, which parses tasks.update_batch bodies, and the events decoder, which parses on a worker thread.

/** One line: its object, or why it is not one. Blank lines are not items. */
export type BatchItem = { ok: true; value: Record<string, unknown> } | { ok: false; error: string }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function parseJsonLines(text: string): BatchItem[] {
  const items: BatchItem[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    try {
      const value: unknown = JSON.parse(line)
      items.push(isObject(value) ? { ok: true, value } : { ok: false, error: 'a batch line must be a JSON object' })
    } catch (err) {
      items.push({ ok: false, error: `malformed JSON line: ${(err as Error).message}` })
    }
  }
  return items
}
