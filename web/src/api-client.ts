/**
 * Calls the review API. The session cookie travels by itself (same origin, HttpOnly); every
 * state-changing request carries the CSRF token the server gave at sign-in.
 */
let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** The header state-changing requests carry (uploads build their own fetch). */
export function csrfHeader(): Record<string, string> {
  return { 'x-csrf-token': csrfToken };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

type Listener = () => void;
let onUnauthenticated: Listener = () => {};
export function setUnauthenticatedHandler(fn: Listener): void {
  onUnauthenticated = fn;
}

/** The server's `{ error, message }` answer (or the status text) as an ApiError, with Retry-After. */
async function apiErrorOf(res: Response): Promise<ApiError> {
  let code = 'error';
  let message = res.statusText;
  try {
    const j = (await res.json()) as { error?: string; message?: string };
    code = j.error ?? code;
    message = j.message ?? message;
  } catch {
    /* not JSON: keep the status text */
  }
  const retry = res.headers.get('retry-after');
  return new ApiError(res.status, code, message, retry ? Number(retry) : undefined);
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (!res.ok) {
    if (res.status === 401 && url !== '/api/auth/login') onUnauthenticated();
    throw await apiErrorOf(res);
  }
  return (await res.json()) as T;
}

export function toQuery(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * A file the server makes on request (the report to the bank): a POST, so that making it (which is
 * recorded on the case and in the audit log) can never be triggered by a link, a prefetch or a
 * cross-site GET. The answer is saved under the server's file name.
 */
export async function downloadByPost(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'x-csrf-token': csrfToken }, credentials: 'same-origin' });
  if (!res.ok) {
    if (res.status === 401) onUnauthenticated();
    throw await apiErrorOf(res);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
