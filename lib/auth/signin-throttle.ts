import { collection } from '@/lib/db/collections';

export interface SigninAttemptDoc {
  /** The normalised email: attempts are counted per account, whoever makes them. */
  _id: string;
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;

/** Minutes until the account may try again, or 0 when it may try now. */
export async function lockedMinutes(email: string, now = new Date()): Promise<number> {
  const attempts = await collection('signinAttempts');
  const doc = await attempts.findOne({ _id: email });
  if (!doc?.lockedUntil || doc.lockedUntil <= now) return 0;
  return Math.ceil((doc.lockedUntil.getTime() - now.getTime()) / 60_000);
}

export async function recordFailure(email: string, now = new Date()): Promise<void> {
  const attempts = await collection('signinAttempts');
  const doc = await attempts.findOne({ _id: email });
  const fresh = !doc || now.getTime() - doc.windowStart.getTime() > WINDOW_MS;
  const failures = fresh ? 1 : doc.failures + 1;
  await attempts.updateOne(
    { _id: email },
    {
      $set: {
        failures,
        windowStart: fresh ? now : doc.windowStart,
        lockedUntil: failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS) : null,
      },
    },
    { upsert: true },
  );
}

export async function clearFailures(email: string): Promise<void> {
  await (await collection('signinAttempts')).deleteOne({ _id: email });
}
