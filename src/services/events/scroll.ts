// Scroll ids carry their own state (compressed JSON, tagged with what made them) instead of living in a server
// cache: any API process can continue any scroll, and nothing expires or needs cleaning up. Every scroll only
// ever reads tasks the current request names and the caller may read, so a forged state reveals nothing.
import { deflateRawSync, inflateRawSync } from 'node:zlib'

/** What ClearML answers for an exhausted legacy scroll. */
export const EMPTY_SCROLL = 'FFFF'

export function encodeScroll(kind: string, state: unknown): string {
  return `${kind}.${deflateRawSync(Buffer.from(JSON.stringify(state), 'utf8')).toString('base64url')}`
}

/** The state, or undefined when the id is not one of ours of this kind. */
export function decodeScroll<T>(kind: string, scrollId: string | null | undefined): T | undefined {
  if (!scrollId || !scrollId.startsWith(`${kind}.`)) return undefined
  try {
    const json = inflateRawSync(Buffer.from(scrollId.slice(kind.length + 1), 'base64url')).toString('utf8')
    const value: unknown = JSON.parse(json)
    return typeof value === 'object' && value !== null ? (value as T) : undefined
  } catch {
    return undefined
  }
}
