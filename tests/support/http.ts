/** A client of the running app's HTTP API, as a script or the browser would use it. */
export const BASE_URL = process.env.SALESFLOW_BASE_URL ?? 'http://127.0.0.1:3100';
export const ADMIN = {
  email: process.env.SALESFLOW_ADMIN_EMAIL ?? 'admin@test.local',
  password: process.env.SALESFLOW_ADMIN_PASSWORD ?? 'test-admin-password',
};

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export class ApiClient {
  constructor(private readonly auth: { token?: string; cookie?: string } = {}, private readonly locale = 'en') {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await fetch(`${BASE_URL}${path}`, {
      method,
      headers: {
        'accept-language': this.locale,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.auth.token ? { authorization: `Bearer ${this.auth.token}` } : {}),
        ...(this.auth.cookie ? { cookie: this.auth.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body: unknown, headers?: Record<string, string>) => this.request<T>('POST', path, body, headers);
  put = <T = any>(path: string, body: unknown, headers?: Record<string, string>) => this.request<T>('PUT', path, body, headers);
  patch = <T = any>(path: string, body: unknown, headers?: Record<string, string>) => this.request<T>('PATCH', path, body, headers);
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);

  /** A multipart upload or a raw download, with this client's credentials. */
  async raw(method: string, path: string, body?: FormData): Promise<Response> {
    return fetch(`${BASE_URL}${path}`, {
      method,
      headers: {
        'accept-language': this.locale,
        ...(this.auth.token ? { authorization: `Bearer ${this.auth.token}` } : {}),
        ...(this.auth.cookie ? { cookie: this.auth.cookie } : {}),
      },
      body,
    });
  }

  withLocale(locale: string): ApiClient {
    return new ApiClient(this.auth, locale);
  }
}

function cookieHeader(response: Response, previous = ''): string {
  const jar = new Map(previous.split('; ').filter(Boolean).map((pair) => pair.split('=') as [string, string]));
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const index = pair.indexOf('=');
    jar.set(pair.slice(0, index), pair.slice(index + 1));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Signs in through next-auth's credentials flow (with extra headers: a client address, a browser); returns the session cookie, or the error next-auth gave. */
export async function signIn(email: string, password: string, headers: Record<string, string> = {}): Promise<{ cookie?: string; error?: string }> {
  const csrf = await fetch(`${BASE_URL}/api/auth/csrf`, { headers });
  let cookie = cookieHeader(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${BASE_URL}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
    redirect: 'manual',
  });
  cookie = cookieHeader(response, cookie);
  if (cookie.includes('next-auth.session-token=')) return { cookie };
  const { url } = (await response.json().catch(() => ({ url: '' }))) as { url: string };
  return { error: new URL(url, BASE_URL).searchParams.get('error') ?? `HTTP ${response.status}` };
}

export async function sessionClient(email: string, password: string, locale = 'en'): Promise<ApiClient> {
  const { cookie, error } = await signIn(email, password);
  if (!cookie) throw new Error(`sign-in as ${email} failed: ${error}`);
  return new ApiClient({ cookie }, locale);
}

/** An admin client that uses a personal API token, as integrations do. */
export async function adminTokenClient(): Promise<ApiClient> {
  const session = await sessionClient(ADMIN.email, ADMIN.password);
  const me = await session.get('/api/me');
  const issued = await session.post('/api/tokens', { name: `integration ${Date.now()}`, userId: me.body.user.id });
  if (issued.status !== 201) throw new Error(`token not issued: ${JSON.stringify(issued.body)}`);
  return new ApiClient({ token: issued.body.token });
}

/** Polls until check returns a value (not undefined), or fails with the last state seen. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
