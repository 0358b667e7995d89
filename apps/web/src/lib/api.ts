import type { ErrorCode } from '@lianxin/shared';

/** An error answer from the API: the UI branches on `code` and shows `message` as given. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  /** The first field named in a validation error, if any. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const d = this.details as { fields?: Array<{ path: string; message?: string; reason?: string }> } | undefined;
    for (const f of d?.fields ?? []) out[f.path] = f.message ?? f.reason ?? '';
    return out;
  }
}

let csrfToken = '';
let lang = 'zh-CN';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}
export function setApiLang(l: string): void {
  lang = l;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** fetch for /api/v1: JSON in and out, the CSRF header on writes, errors as ApiError. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { 'accept-language': lang, ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path.startsWith('/') ? path : `/api/v1/${path}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', lang === 'en' ? 'No connection. Please try again.' : '网络连接失败，请稍后再试');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'INTERNAL', e.message ?? res.statusText, e.details);
  }
  return data as T;
}
