// A browser attaches the session cookie to every request for our origin, including requests that another site
// makes it send (a link, an <img>, a form posted from elsewhere). So a call that authenticates with the cookie
// must also show that it came from a page of our own origin. Calls with an Authorization header (the SDK, the
// agent) carry their credential themselves and need no such proof.

export interface BrowserRequest {
  readonly method: string
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>
  /** Our own host as the client addressed it (Host, or X-Forwarded-Host from a trusted proxy). */
  readonly host: string | undefined
}

/**
 * Headers a page can only add to a cross-origin request after a CORS preflight, which Clarion never approves: their
 * presence proves the page is ours. ClearML's WebApp sends X-Allegro-Client on every call.
 */
const NON_SIMPLE_HEADERS = ['x-allegro-client', 'x-clearml-client', 'x-requested-with'] as const

const isRead = (method: string): boolean => method === 'GET' || method === 'HEAD'

function hostOfOrigin(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase()
  } catch {
    return undefined
  }
}

/**
 * Why a cookie-authenticated request does not prove it came from our origin, or undefined when it does.
 * Fetch metadata decides when the browser sends it; else a matching Origin or a non-simple header. A plain GET
 * with neither (an older browser following a link or loading an image) is accepted for reads only.
 */
export function crossOriginRefusal(req: BrowserRequest): string | undefined {
  const site = req.headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin' ? undefined : `a ${site} request may not use the session cookie`
  const origin = req.headers.origin
  if (origin !== undefined) {
    const host = req.host?.toLowerCase()
    return host !== undefined && hostOfOrigin(origin) === host ? undefined : 'the request comes from another origin'
  }
  if (NON_SIMPLE_HEADERS.some((h) => req.headers[h] !== undefined)) return undefined
  return isRead(req.method) ? undefined : 'the request does not show it comes from this origin'
}

/** application/json, with or without parameters: the one body type a cross-site form cannot send. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false
  return contentType.split(';')[0].trim().toLowerCase() === 'application/json'
}
