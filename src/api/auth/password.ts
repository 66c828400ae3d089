import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are stored as argon2id PHC strings (memory-hard). The parameters are OWASP's minimum
 * for argon2id (19 MiB, 2 passes, 1 lane): ≈ 30 ms per sign-in on one core here, which keeps
 * guessing expensive without letting a burst of sign-ins starve the server.
 */
const ARGON2ID = 2; // Algorithm.Argon2id: a `const enum` in the typings, unusable under isolatedModules.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is not a match; it must not be a way in either.
    return false;
  }
}

/**
 * A hash of nothing anyone knows, checked when the username does not exist so that a wrong
 * username takes as long as a wrong password (no account enumeration by timing).
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('callguard-no-such-user-' + Math.random(), OPTIONS);
  return dummyHash;
}
