import { gzipSync } from 'node:zlib';
import { BASE_URL } from '../tests/support/http';

/** The gzipped size of the JavaScript a browser loads for a page (module scripts only), in kB. */
export async function firstLoadJsKb(path: string, cookie: string): Promise<number> {
  const html = await (await fetch(`${BASE_URL}${path}`, { headers: { cookie } })).text();
  // nomodule scripts are polyfills that current browsers skip.
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"[^>]*>/g)].filter((m) => !/nomodule/i.test(m[0])).map((m) => m[1]);
  let bytes = 0;
  for (const src of new Set(scripts)) {
    const body = Buffer.from(await (await fetch(new URL(src, BASE_URL))).arrayBuffer());
    bytes += gzipSync(body).length;
  }
  return Math.round(bytes / 1024);
}
