import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '@/lib/config';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';

/**
 * Encryption at rest of fields marked `sensitive` (an ID card or bank account number): the
 * database holds { enc: "aes-256-gcm", k, iv, tag, data } instead of the text, in records,
 * history entries and backups alike. AES-256-GCM, a random 96-bit IV per value, the key
 * named by a short fingerprint so that values written under an older key stay readable
 * while keys rotate.
 *
 * Keys: SALESFLOW_ENCRYPTION_KEY (32 bytes, base64), or one generated into
 * data/encryption-key on first use. Older keys for reading: SALESFLOW_ENCRYPTION_OLD_KEYS
 * (comma-separated base64) or data/encryption-keys.old (one a line). scripts/reencrypt.ts
 * writes every value under the current key.
 */
export interface SealedValue {
  enc: 'aes-256-gcm';
  /** Fingerprint of the key (first 8 hex digits of its SHA-256). */
  k: string;
  iv: string;
  tag: string;
  data: string;
}

interface Keyring {
  current: { id: string; key: Buffer };
  byId: Map<string, Buffer>;
}

const holder = globalThis as unknown as { __salesflowKeyring?: Keyring };

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where} must be 32 bytes in base64 (openssl rand -base64 32)`);
  return key;
}

function readOptional(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function loadKeyring(): Keyring {
  let current: Buffer;
  if (process.env.SALESFLOW_ENCRYPTION_KEY) current = decodeKey(process.env.SALESFLOW_ENCRYPTION_KEY, 'SALESFLOW_ENCRYPTION_KEY');
  else {
    const file = join(config.dataDir, 'encryption-key');
    let text = readOptional(file).trim();
    if (!text) {
      // wx: of two processes starting at once, the first one's key is kept.
      try {
        writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      } catch {
        /* written by another process meanwhile */
      }
      text = readOptional(file).trim();
    }
    current = decodeKey(text, file);
  }
  const old = [...(process.env.SALESFLOW_ENCRYPTION_OLD_KEYS ?? '').split(','), ...readOptional(join(config.dataDir, 'encryption-keys.old')).split('\n')]
    .map((line) => line.trim())
    .filter(Boolean)
    .map((text) => decodeKey(text, 'an old encryption key'));
  const byId = new Map([...old, current].map((key) => [keyId(key), key]));
  return { current: { id: keyId(current), key: current }, byId };
}

function keyring(): Keyring {
  holder.__salesflowKeyring ??= loadKeyring();
  return holder.__salesflowKeyring;
}

/** Forgets the loaded keys (tests, and rotation in a running script). */
export function reloadKeys(): void {
  holder.__salesflowKeyring = undefined;
}

export function isSealed(value: unknown): value is SealedValue {
  return typeof value === 'object' && value !== null && (value as SealedValue).enc === 'aes-256-gcm' && typeof (value as SealedValue).data === 'string';
}

export function seal(text: string): SealedValue {
  const { current } = keyring();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', current.key, iv);
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return { enc: 'aes-256-gcm', k: current.id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

export function unseal(value: SealedValue): string {
  const key = keyring().byId.get(value.k);
  if (!key) throw new Error(`no encryption key ${value.k} is configured (set it in SALESFLOW_ENCRYPTION_OLD_KEYS)`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(value.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(value.data, 'base64')), decipher.final()]).toString('utf8');
}

export function sealedUnderOldKey(value: unknown): boolean {
  return isSealed(value) && value.k !== keyring().current.id;
}

export function sensitiveFields(def: Pick<EntityDefinition, 'fields'>): FieldDefinition[] {
  return def.fields.filter((field) => field.sensitive);
}

/**
 * A record's values as stored: sensitive fields sealed. A value that did not change keeps the
 * ciphertext it had (`stored`, the stored values), so an untouched field never shows as a
 * change in the history.
 */
export function sealValues(def: Pick<EntityDefinition, 'fields'>, data: Record<string, unknown>, stored?: Record<string, unknown> | null): Record<string, unknown> {
  const fields = sensitiveFields(def);
  if (fields.length === 0) return data;
  const sealed = { ...data };
  for (const field of fields) {
    const value = data[field.key];
    if (typeof value !== 'string') continue;
    const before = stored?.[field.key];
    sealed[field.key] = isSealed(before) && unseal(before) === value ? before : seal(value);
  }
  return sealed;
}

/**
 * Values as people see them: every sealed value decrypted — also one of a field that is no
 * longer marked sensitive (a value stored before a field became sensitive is plain already).
 */
export function openValues(data: Record<string, unknown>): Record<string, unknown> {
  let opened: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(data)) {
    if (!isSealed(value)) continue;
    opened ??= { ...data };
    opened[key] = unseal(value);
  }
  return opened ?? data;
}
