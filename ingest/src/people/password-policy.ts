import { dictionary } from '@zxcvbn-ts/language-common';
import { maxPasswordLength, minPasswordLength } from '@kendali/contracts';

/** About 49,000 passwords seen most often in breaches (zxcvbn's common list), lower-cased. */
const common = new Set((dictionary['passwords-common'] as readonly string[]).map((password) => password.toLowerCase()));

/** Why a password may not be used, or null when it may. */
export function passwordProblem(password: string, username: string): string | null {
  const length = [...password].length; // characters, not UTF-16 units
  if (length < minPasswordLength) return `the password has ${length} characters; use at least ${minPasswordLength}`;
  if (length > maxPasswordLength) return `the password is longer than ${maxPasswordLength} characters`;
  const lower = password.toLowerCase();
  if (common.has(lower)) return 'the password is among the most common ones attackers try first; choose another';
  if (lower.includes(username.toLowerCase())) return 'the password contains the username; choose another';
  if (new Set(lower).size < 4) return 'the password repeats too few characters; choose another';
  return null;
}
