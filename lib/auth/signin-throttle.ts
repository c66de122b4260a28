import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readyRedis, redisKey } from '@/lib/redis';

/**
 * Slows down password guessing without letting anyone lock an account's owner out.
 *
 * Attempts are counted (atomically, in Redis, so parallel tries count too) per account and
 * address, per address, and per account. Past a number of free attempts, each further
 * attempt needs a slot: one per delay, and the delay doubles with every attempt, up to a
 * cap. A refused attempt checks no password. The counters expire a quarter of an hour after
 * the last attempt, and a successful sign-in clears the account's.
 *
 * The per-account counter is what stops a guesser who changes address; it is skipped for a
 * browser that has signed in to the account before (a device cookie), so a guesser can
 * never make the owner wait. Addresses come from X-Forwarded-For as the server receives it
 * (see clientAddress); unknown emails are counted and delayed exactly like known ones.
 */
interface Limit {
  kind: 'acctip' | 'ip' | 'acct';
  free: number;
  maxDelayMs: number;
}

const LIMITS: Record<Limit['kind'], Limit> = {
  acctip: { kind: 'acctip', free: 5, maxDelayMs: 15 * 60_000 },
  ip: { kind: 'ip', free: 30, maxDelayMs: 15 * 60_000 },
  acct: { kind: 'acct', free: 10, maxDelayMs: 60_000 },
};
const WINDOW_MS = 15 * 60_000;
const BASE_DELAY_MS = 1000;

/** The delay an attempt waits for once past the free ones: 1 s, 2 s, 4 s… up to the cap. */
export function delayFor(limit: Limit, attempt: number): number {
  if (attempt <= limit.free) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** Math.min(attempt - limit.free - 1, 30), limit.maxDelayMs);
}

const hashed = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

function keysFor(email: string, address: string, trustedDevice: boolean) {
  const account = hashed(email);
  const keys: { limit: Limit; key: string }[] = [
    { limit: LIMITS.acctip, key: redisKey('signin', 'acctip', account, hashed(address)) },
    { limit: LIMITS.ip, key: redisKey('signin', 'ip', hashed(address)) },
  ];
  if (!trustedDevice) keys.push({ limit: LIMITS.acct, key: redisKey('signin', 'acct', account) });
  return keys;
}

// One round trip per counter: count the attempt, and past the free ones take the slot or say how long it is held.
const ATTEMPT = `
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local delay = tonumber(ARGV[2 + math.min(n, 40)] or ARGV[#ARGV])
if delay == 0 then return 0 end
if redis.call('SET', KEYS[2], '1', 'PX', delay, 'NX') then return 0 end
local wait = redis.call('PTTL', KEYS[2])
if wait < 1 then wait = 1 end
return wait
`;

/**
 * Counts an attempt; answers 0 when it may check the password now, else the milliseconds
 * until it may try again.
 */
export async function attemptSignin(email: string, address: string, trustedDevice: boolean): Promise<number> {
  const client = await readyRedis();
  let wait = 0;
  for (const { limit, key } of keysFor(email, address, trustedDevice)) {
    const delays = Array.from({ length: 41 }, (_, index) => String(delayFor(limit, index)));
    const result = Number(await client.eval(ATTEMPT, 2, key, `${key}:slot`, String(WINDOW_MS), ...delays));
    wait = Math.max(wait, result);
  }
  return wait;
}

/** A successful sign-in: the account's counters start over, and the address's forgets this attempt (an office shares one). */
export async function signinSucceeded(email: string, address: string): Promise<void> {
  const account = hashed(email);
  const keys = [redisKey('signin', 'acctip', account, hashed(address)), redisKey('signin', 'acct', account)];
  await (await readyRedis()).multi().del(...keys, ...keys.map((key) => `${key}:slot`)).decr(redisKey('signin', 'ip', hashed(address))).exec();
}

/** A browser that signed in to an account carries a device cookie: sf_device=<account>.<signature>. */
export const DEVICE_COOKIE = 'sf_device';

function deviceSignature(account: string): string {
  return createHmac('sha256', process.env.NEXTAUTH_SECRET ?? 'salesflow').update(`device:${account}`).digest('base64url');
}

export function deviceCookieValue(email: string): string {
  const account = hashed(email);
  return `${account}.${deviceSignature(account)}`;
}

/** Whether the Cookie header carries a device cookie for this account. */
export function isTrustedDevice(cookieHeader: string | null | undefined, email: string): boolean {
  const value = (cookieHeader ?? '').split(/;\s*/).find((part) => part.startsWith(`${DEVICE_COOKIE}=`))?.slice(DEVICE_COOKIE.length + 1);
  if (!value) return false;
  const [account, signature] = value.split('.');
  const expected = deviceSignature(account ?? '');
  return account === hashed(email) && typeof signature === 'string' && signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}
