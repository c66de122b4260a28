import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { collection } from '@/lib/db/collections';

/**
 * Each workflow has a secret of its own: inbound webhooks must be signed with it, outbound ones
 * are. It is kept apart from the definition, so an exported template carries none.
 */
export async function workflowSecret(key: string): Promise<string> {
  const secrets = await collection('workflowSecrets');
  const existing = await secrets.findOne({ _id: key });
  if (existing) return existing.secret;
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  try {
    await secrets.insertOne({ _id: key, secret, createdAt: new Date() });
    return secret;
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    return (await secrets.findOne({ _id: key }))!.secret;
  }
}

export async function rotateWorkflowSecret(key: string): Promise<string> {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  await (await collection('workflowSecrets')).replaceOne({ _id: key }, { secret, createdAt: new Date() }, { upsert: true });
  return secret;
}

/**
 * The signature of a body: HMAC-SHA256 over "<timestamp>.<body>", hex, as
 * `X-Salesflow-Signature: sha256=<hex>` beside `X-Salesflow-Timestamp: <unix seconds>`.
 * The timestamp inside the signature stops an old request from being replayed later.
 */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Checks a signature in constant time, and that the timestamp is within five minutes of now. */
export function verifySignature(secret: string, timestamp: string | null, body: string, signature: string | null, now = Date.now()): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(signBody(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
