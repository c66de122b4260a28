import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export class UploadError extends Error {
  constructor(readonly reason: 'missing' | 'tooLarge' | 'malformed') {
    super(`upload ${reason}`);
  }
}

export interface SavedUpload {
  fileName: string;
  /** The part's Content-Type, as the browser gave it. */
  type: string;
  size: number;
  /** The first bytes of the file (for recognising its format). */
  head: Buffer;
  /** The other parts of the form, as text (at most 64 KB each). */
  fields: Record<string, string>;
}

/** Where the "file" part's bytes go as they arrive. */
interface Sink {
  write(data: Buffer): Promise<void>;
  end(): Promise<void>;
  destroy(): void;
}

function fileSink(target: string): Sink {
  const out = createWriteStream(target);
  return {
    async write(data) {
      if (!out.write(data)) await once(out, 'drain');
    },
    async end() {
      out.end();
      await once(out, 'finish');
    },
    destroy: () => out.destroy(),
  };
}

const MAX_FIELD_BYTES = 64 * 1024;
/** How much of a refused body is still read, so a small one ends cleanly. */
const DRAIN_BYTES = 1024 * 1024;

function boundaryOf(contentType: string | null): string {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!match || !/^multipart\/form-data/i.test(contentType ?? '')) throw new UploadError('missing');
  return match[1] ?? match[2];
}

function partHeaders(text: string): { name: string; fileName?: string; type: string } {
  const disposition = /content-disposition:[^\r\n]*/i.exec(text)?.[0] ?? '';
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
  const star = /filename\*=(?:UTF-8'')?([^;\r\n]+)/i.exec(disposition)?.[1];
  const plain = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
  let fileName = plain;
  if (star) {
    try {
      fileName = decodeURIComponent(star.replace(/^"|"$/g, ''));
    } catch {
      // keep the plain one
    }
  } else if (plain !== undefined) {
    // Browsers send UTF-8 bytes that arrive here read as latin1.
    fileName = Buffer.from(plain, 'latin1').toString('utf8');
  }
  const type = /content-type:\s*([^\r\n;]+)/i.exec(text)?.[1]?.trim() ?? '';
  return { name, fileName, type };
}

/**
 * Streams the "file" part of a multipart/form-data request body to a file on disk, never
 * holding more than a chunk in memory. Refuses more than maxBytes as the bytes arrive: a
 * larger body is never read to its end.
 */
export function saveMultipartFile(req: Request, target: string, maxBytes: number): Promise<SavedUpload> {
  return readMultipart(req, maxBytes, undefined, () => fileSink(target));
}

/**
 * The "file" part held in memory (for files small enough to store in the database), with the
 * same limit while streaming. The limit may depend on the parts sent before the file (which
 * attachment field it is for): `limitFor` is asked when the file part starts, and may refuse.
 */
export async function readMultipartFile(req: Request, maxBytes: number, limitFor?: (fields: Record<string, string>) => Promise<number>): Promise<SavedUpload & { data: Buffer }> {
  const chunks: Buffer[] = [];
  const upload = await readMultipart(req, maxBytes, limitFor, () => ({
    write: async (data) => void chunks.push(Buffer.from(data)),
    end: async () => undefined,
    destroy: () => void chunks.splice(0),
  }));
  return { ...upload, data: Buffer.concat(chunks) };
}

async function readMultipart(req: Request, maxBytes: number, limitFor: ((fields: Record<string, string>) => Promise<number>) | undefined, openSink: () => Sink): Promise<SavedUpload> {
  const boundary = boundaryOf(req.headers.get('content-type'));
  if (!req.body) throw new UploadError('missing');
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) throw new UploadError('tooLarge');
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const headerEnd = Buffer.from('\r\n\r\n');
  // The first delimiter has no CRLF before it: pretend it had.
  let buffer: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'afterDelimiter' | 'headers' | 'body' | 'done' = 'preamble';
  let isFile = false;
  let saved: SavedUpload | null = null;
  let out: Sink | null = null;
  const fields: Record<string, string> = {};
  let field: { name: string; chunks: Buffer[]; size: number } | null = null;
  const headChunks: Buffer[] = [];
  let headLength = 0;

  const write = async (data: Buffer) => {
    if (data.length === 0) return;
    if (field) {
      field.size += data.length;
      if (field.size > MAX_FIELD_BYTES) throw new UploadError('tooLarge');
      field.chunks.push(Buffer.from(data));
      return;
    }
    if (!isFile || !out || !saved) return;
    saved.size += data.length;
    if (saved.size > maxBytes) throw new UploadError('tooLarge');
    if (headLength < 8192) {
      headChunks.push(Buffer.from(data.subarray(0, 8192 - headLength)));
      headLength += Math.min(data.length, 8192 - headLength);
    }
    await out.write(data);
  };

  const finishPart = async () => {
    if (isFile && out) {
      await out.end();
      out = null;
    }
    if (field) {
      fields[field.name] = Buffer.concat(field.chunks).toString('utf8');
      field = null;
    }
    isFile = false;
  };

  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    reader = req.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer = buffer.length === 0 ? Buffer.from(value) : Buffer.concat([buffer, Buffer.from(value)]);
      let progressed = true;
      while (progressed && state !== 'done') {
        progressed = false;
        if (state === 'preamble' || state === 'body') {
          const at = buffer.indexOf(delimiter);
          if (at >= 0) {
            if (state === 'body') await write(buffer.subarray(0, at));
            await finishPart();
            buffer = buffer.subarray(at + delimiter.length);
            state = 'afterDelimiter';
            progressed = true;
          } else {
            const keep = delimiter.length - 1;
            if (buffer.length > keep) {
              if (state === 'body') await write(buffer.subarray(0, buffer.length - keep));
              buffer = buffer.subarray(buffer.length - keep);
            }
          }
        } else if (state === 'afterDelimiter') {
          if (buffer.length < 2) break;
          if (buffer[0] === 0x2d && buffer[1] === 0x2d) state = 'done';
          else {
            buffer = buffer.subarray(buffer.indexOf('\n') + 1);
            state = 'headers';
          }
          progressed = true;
        } else if (state === 'headers') {
          const at = buffer.indexOf(headerEnd);
          if (at < 0) {
            if (buffer.length > 16 * 1024) throw new UploadError('malformed');
            break;
          }
          const headers = partHeaders(buffer.subarray(0, at).toString('latin1'));
          buffer = buffer.subarray(at + headerEnd.length);
          if (headers.name === 'file' && headers.fileName !== undefined && !saved) {
            if (limitFor) maxBytes = Math.min(maxBytes, await limitFor(fields));
            isFile = true;
            saved = { fileName: headers.fileName || 'upload', type: headers.type, size: 0, head: Buffer.alloc(0), fields };
            out = openSink();
          } else if (headers.name && headers.fileName === undefined && Object.keys(fields).length < 20) {
            field = { name: headers.name, chunks: [], size: 0 };
          }
          state = 'body';
          progressed = true;
        }
      }
      if (state === 'done') {
        await reader.cancel().catch(() => undefined);
        break;
      }
    }
  } catch (error) {
    (out as Sink | null)?.destroy();
    // Stop reading: a body larger than allowed is never taken in whole. A small rest (a
    // refused upload of a small file) is read first, so the client sees the answer rather
    // than a connection closed on it.
    let rest = 0;
    try {
      while (reader && rest < DRAIN_BYTES) {
        const { value, done } = await reader.read();
        if (done) break;
        rest += value.length;
      }
    } catch {
      // the client went away
    }
    await reader?.cancel().catch(() => undefined);
    throw error;
  }
  if (out) await finishPart();
  if (!saved) throw new UploadError('missing');
  if (state !== 'done') throw new UploadError('malformed');
  const result: SavedUpload = saved;
  result.head = Buffer.concat(headChunks);
  return result;
}
