import bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '@/lib/errors/app-error';

const COST = 11;
export const MIN_PASSWORD_LENGTH = 10;
/** Long passphrases are welcome; a megabyte is not a password. */
export const MAX_PASSWORD_LENGTH = 256;

/** The 49,000 most common passwords (zxcvbn's list), lower-cased. */
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((word) => word.toLowerCase()));

/**
 * New hashes are bcrypt over the SHA-256 of the password (base64, 44 bytes): bcrypt reads
 * only 72 bytes, so without it two long passwords sharing their first 72 bytes would both
 * open the account. Hashes made before carry no prefix and are checked as they were made.
 */
const PREHASHED = 'sha256$';

function prehash(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('base64');
}

/** Why a password is refused, or null when it may be used. */
export function passwordProblem(password: unknown, about: { email?: string; name?: string } = {}): AppError | null {
  const refuse = (key: 'password.tooShort' | 'password.tooLong' | 'password.blank' | 'password.common' | 'password.personal', params: Record<string, number> = {}) =>
    new AppError('invalid', 'weak_password', key, params, { password: [] });
  if (typeof password !== 'string' || password.trim() === '') return refuse('password.blank');
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return refuse('password.tooShort', { min: MIN_PASSWORD_LENGTH });
  if (length > MAX_PASSWORD_LENGTH) return refuse('password.tooLong', { max: MAX_PASSWORD_LENGTH });
  const folded = password.toLowerCase();
  if (COMMON.has(folded) || COMMON.has(folded.trim()) || new Set(folded).size <= 2) return refuse('password.common');
  // The first thing a guesser tries about a person: their email, its name part, their name.
  const personal = [about.email, about.email?.split('@')[0], about.name].filter((text): text is string => Boolean(text)).map((text) => text.toLowerCase().replace(/\s+/g, ''));
  if (personal.includes(folded.replace(/\s+/g, ''))) return refuse('password.personal');
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(prehash(password), COST).then((hash) => PREHASHED + hash);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH * 4) return bcrypt.compare('', DUMMY_HASH).then(() => false);
  if (hash.startsWith(PREHASHED)) return bcrypt.compare(prehash(password), hash.slice(PREHASHED.length));
  return bcrypt.compare(password, hash);
}

/** Compared against when no account matches, so an unknown email costs what a known one does. */
const DUMMY_HASH = bcrypt.hashSync('salesflow-no-such-account', COST);

export function spendLikeAVerification(password: string): Promise<boolean> {
  return bcrypt.compare(prehash(password), DUMMY_HASH).then(() => false);
}

/** A password for people to type once and change: 16 characters without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  return Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
}
