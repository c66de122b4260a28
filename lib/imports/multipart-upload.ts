import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export class UploadError extends Error {
  constructor(readonly reason: 'missing' | 'tooLarge' | 'malformed') {
    super(`upload ${reason}`);
  }
}

export interface SavedUpload {
  fileName: string;
  size: number;
  /** The first bytes of the file (for recognising its format). */
  head: Buffer;
}

function boundaryOf(contentType: string | null): string {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!match || !/^multipart\/form-data/i.test(contentType ?? '')) throw new UploadError('missing');
  return match[1] ?? match[2];
}

function partHeaders(text: string): { name: string; fileName?: string } {
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
  return { name, fileName };
}

/**
 * Streams the "file" part of a multipart/form-data request body to a file on disk, never
 * holding more than a chunk in memory; other parts are ignored. Refuses more than maxBytes.
 */
export async function saveMultipartFile(req: Request, target: string, maxBytes: number): Promise<SavedUpload> {
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
  let out: ReturnType<typeof createWriteStream> | null = null;
  const headChunks: Buffer[] = [];
  let headLength = 0;

  const write = async (data: Buffer) => {
    if (!isFile || !out || !saved || data.length === 0) return;
    saved.size += data.length;
    if (saved.size > maxBytes) throw new UploadError('tooLarge');
    if (headLength < 8192) {
      headChunks.push(data.subarray(0, 8192 - headLength));
      headLength += Math.min(data.length, 8192 - headLength);
    }
    if (!out.write(data)) await once(out, 'drain');
  };

  const finishPart = async () => {
    if (isFile && out) {
      out.end();
      await once(out, 'finish');
      out = null;
    }
    isFile = false;
  };

  try {
    const reader = req.body.getReader();
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
            isFile = true;
            saved = { fileName: headers.fileName || 'upload', size: 0, head: Buffer.alloc(0) };
            out = createWriteStream(target);
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
    out?.destroy();
    throw error;
  }
  if (out) await finishPart();
  if (!saved) throw new UploadError('missing');
  if (state !== 'done') throw new UploadError('malformed');
  const result: SavedUpload = saved;
  result.head = Buffer.concat(headChunks);
  return result;
}
