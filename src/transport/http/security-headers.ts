// Security headers for each role, set by helmet. Every role gets nosniff, no referrer and no framing by other sites;
// the content policy differs: API answers are data and may load nothing, the web app loads only from its own
// origin, and user files may render but never run script (the file server sets that sandbox policy itself).
import type { FastifyHelmetOptions } from '@fastify/helmet'

const COMMON = {
  // HTTPS is the operator's choice today (a proxy in front); a Strict-Transport-Security pin would outlive it.
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'sameorigin' },
} satisfies FastifyHelmetOptions

export const API_HEADERS: FastifyHelmetOptions = {
  ...COMMON,
  xFrameOptions: { action: 'deny' },
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
}

export const WEB_HEADERS: FastifyHelmetOptions = {
  ...COMMON,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
    },
  },
}

/** The file server sets nosniff and its sandbox policy on every answer itself (files/content-policy.ts). */
export const FILE_HEADERS: FastifyHelmetOptions = {
  ...COMMON,
  // The web app on :8080 shows images that the SDK addressed to :8081: same site, another origin.
  crossOriginResourcePolicy: { policy: 'same-site' },
  contentSecurityPolicy: false,
  xContentTypeOptions: false,
}
