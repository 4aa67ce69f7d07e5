// Scroll ids carry their own state (compressed JSON, tagged with what made them) instead of living in a server
// cache: any API process can continue any scroll, and nothing expires or needs cleaning up. Every scroll only
// ever reads tasks the current request names and the caller may read, so a forged state reveals nothing.
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { ZodType, ZodTypeDef } from 'zod'

/** What ClearML answers for an exhausted legacy scroll. */
export const EMPTY_SCROLL = 'FFFF'

export function encodeScroll(kind: string, state: unknown): string {
  return `${kind}.${deflateRawSync(Buffer.from(JSON.stringify(state), 'utf8')).toString('base64url')}`
}

/** The longest scroll id a request may carry. A scroll's state is its position (and the metric list it walks). */
export const MAX_SCROLL_ID_CHARS = 1_048_576
/** A forged id may inflate a thousandfold (a deflate bomb): decompression stops here and the id is refused. */
const MAX_STATE_BYTES = 8 * 1_048_576

/** The state, or undefined when the id is not one of ours of this kind or its state does not have the `shape`. */
export function decodeScroll<T>(kind: string, scrollId: string | null | undefined, shape: ZodType<T, ZodTypeDef, unknown>): T | undefined {
  if (!scrollId || !scrollId.startsWith(`${kind}.`) || scrollId.length > MAX_SCROLL_ID_CHARS) return undefined
  try {
    const json = inflateRawSync(Buffer.from(scrollId.slice(kind.length + 1), 'base64url'), { maxOutputLength: MAX_STATE_BYTES }).toString('utf8')
    const parsed = shape.safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}
