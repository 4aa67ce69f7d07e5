// Password sign-ins, counted per user name and per client address (rate-limiter-flexible, in memory). Each attempt
// takes one point before its password is checked, so parallel guesses cannot all slip in before the first failure is
// counted; a right password gives it back. Past either limit, that name or address gets 429 for a whole window,
// without a password check. Counts live in each API process: with CLARION_API_WORKERS = N an attacker whose
// connections land on every worker gets at most N times the limits (README).
import { isIPv6 } from 'node:net'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import type { LoginLimits } from '../../config/config.js'
import { errors } from '../../errors.js'

/** Names longer than any user name or email (schemas bound both) are counted under their first characters. */
const MAX_KEY_CHARS = 256

export interface LoginLimiter {
  /** Counts a password attempt for the address and the name; throws 429 when either is locked out. */
  attempt(username: string, clientIp: string): Promise<void>
  /** The password was right: the name's count starts again, and the address gets this attempt back (no more). */
  succeeded(username: string, clientIp: string): Promise<void>
  /** A wrong secret for an access key: counts for the address, whose password attempts it may lock out. */
  failedKey(clientIp: string): Promise<void>
}

/**
 * What identifies a client: an IPv6 address by its /64 (one host usually has the whole prefix, so counting each
 * address would let it rotate through them), an IPv4-mapped IPv6 address as IPv4.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(ip)
  if (mapped) return mapped[1]
  const bare = ip.split('%')[0]
  if (!isIPv6(bare)) return ip
  const [head, tail] = bare.split('::')
  const groups = (part: string | undefined) => (part ? part.split(':') : [])
  // An embedded IPv4 address (the last 32 bits) stands for two groups.
  const tailGroups = groups(tail).flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]))
  const zeros = tail === undefined ? 0 : 8 - groups(head).length - tailGroups.length
  const full = [...groups(head), ...Array<string>(Math.max(zeros, 0)).fill('0'), ...tailGroups]
  return `${full.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`
}

export function createLoginLimiter(limits: LoginLimits): LoginLimiter {
  const options = { duration: limits.windowSec, blockDuration: limits.windowSec }
  const byUser = new RateLimiterMemory({ ...options, keyPrefix: 'user', points: limits.perUser })
  const byAddress = new RateLimiterMemory({ ...options, keyPrefix: 'address', points: limits.perAddress })
  const userKey = (name: string) => name.slice(0, MAX_KEY_CHARS)

  /** Takes a point; the first one over the limit locks the key for a window from now (the limiter's blockDuration). */
  async function take(limiter: RateLimiterMemory, key: string): Promise<void> {
    try {
      await limiter.consume(key)
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err
      const retrySec = Math.max(1, Math.ceil(err.msBeforeNext / 1000))
      throw errors.tooManyFailedLogins(`retry in ${retrySec} s`)
    }
  }

  return {
    async attempt(username, clientIp) {
      await take(byAddress, addressKey(clientIp))
      await take(byUser, userKey(username))
    },
    async succeeded(username, clientIp) {
      await byUser.delete(userKey(username))
      await byAddress.reward(addressKey(clientIp))
    },
    async failedKey(clientIp) {
      await byAddress.penalty(addressKey(clientIp))
    },
  }
}
