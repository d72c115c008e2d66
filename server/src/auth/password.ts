import { randomBytes } from 'node:crypto'
import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2'

/**
 * Passwords are stored as argon2id hashes (RFC 9106) in PHC strings: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
 * The parameters are OWASP's first recommendation for argon2id: 19 MiB of memory, 2 passes, 1 lane (≈ 50 ms on one
 * core here); a 16-byte random salt per hash, 32-byte output. Memory-hard: every guess costs an attacker 19 MiB.
 * verify() recomputes the hash with the parameters in the stored string and compares in constant time (RustCrypto's
 * argon2 crate, under @node-rs/argon2; its password-hash Output equality is constant-time); a hash made with other parameters still verifies and is upgraded on sign-in.
 */
export const ARGON2_PARAMS = { algorithm: 2 as Algorithm /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } satisfies Options

/** A password is 12 to 256 characters; longer only costs the hash time. */
export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 256

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS)
}

/** True when `password` matches the stored hash; a malformed hash is a mismatch, never an exception. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

/** True when the hash was made with other parameters than today's (rehash after a successful sign-in). */
export function needsRehash(stored: string): boolean {
  try {
    const o = parseOptions(stored)
    return o.memoryCost !== ARGON2_PARAMS.memoryCost || o.timeCost !== ARGON2_PARAMS.timeCost ||
      o.parallelism !== ARGON2_PARAMS.parallelism || o.outputLen !== ARGON2_PARAMS.outputLen || o.algorithm !== ARGON2_PARAMS.algorithm
  } catch {
    return true
  }
}

let dummy: Promise<string> | undefined
/**
 * A hash to verify against when the username has no account, so an unknown name costs the same time as a known one
 * and the answer's timing does not tell which names exist.
 */
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword(randomBytes(24).toString('base64url')))
}

/** A strong random password: 20 characters of base64url (120 bits), for the CLI and the demo admin. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url')
}

/** The reason a new password is refused, or null ("expected X, found Y"). */
export function passwordProblem(password: string): string | null {
  const n = [...password].length
  if (n < PASSWORD_MIN) return `expected a password of at least ${PASSWORD_MIN} characters, found ${n}`
  if (n > PASSWORD_MAX) return `expected a password of at most ${PASSWORD_MAX} characters, found ${n}`
  return null
}
