import { COMMON_PASSWORDS } from './common-passwords.ts';
import { MIN_PASSWORD_LENGTH } from './password.ts';

/**
 * What a new password must be (NIST SP 800-63B: length, no known-breached or common values, no
 * composition rules): at least MIN_PASSWORD_LENGTH characters, not on the shipped list of common
 * passwords (also with digits and punctuation around a common word: "Password2026!"), not the
 * username, and not one or two characters repeated. Returns why not, or null when it is fine.
 */
const BLOCKED = new Set(COMMON_PASSWORDS.map((p) => p.toLowerCase()));

export function passwordProblem(password: string, username?: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (BLOCKED.has(lower) || BLOCKED.has(core) || BLOCKED.has(lower.replace(/[\W_]/gu, ''))) return 'this password is one of the most common ones: choose another';
  // A common word repeated or combined with a run of digits ("qwertyqwerty", "abc123abc123").
  if (/^(.{1,6})\1+$/u.test(lower)) return 'a password cannot be a few characters repeated';
  if (new Set(lower).size < 4) return 'a password needs more than three different characters';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return 'a password cannot contain the username';
  return null;
}
