// Hashing and minting of API secrets. API secrets are long random strings, so one SHA-256 is enough to store them
// safely and keeps Basic auth fast; passwords are chosen by people and get bcrypt (passwords.ts).
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

export function newAccessKey(): string {
  let key = ''
  for (let i = 0; i < 30; i++) key += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)]
  return key
}

/** About 67 URL-safe characters, never starting with '-' or '_' (some shells and CLIs choke on those). */
export function newSecretKey(): string {
  for (;;) {
    const secret = randomBytes(50).toString('base64url')
    if (!secret.startsWith('-') && !secret.startsWith('_')) return secret
  }
}

export const newPassword = (): string => randomBytes(18).toString('base64url')

export const hashSecret = (secret: string): string => 'sha256:' + createHash('sha256').update(secret).digest('hex')

export function verifySecret(secret: string, stored: string): boolean {
  const a = Buffer.from(hashSecret(secret))
  const b = Buffer.from(stored)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Constant-time comparison of a plain-text fixed-user password from apiserver.conf. */
export function equalsPlain(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}
