// Fetching for every upstream: local files or file:// URLs read directly; HTTP with a timeout, retries with
// backoff on 429/5xx/network errors (honouring Retry-After), an optional rate limiter, and errors that name
// the source.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fetch from 'node-fetch';

export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    readonly source: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${source}: ${message}`);
  }
}

export interface FetchOptions {
  /** Names the upstream in errors, e.g. "SEC companyfacts CIK0001314727". */
  source: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Attempts in all, including the first (default 4). */
  attempts?: number;
  /** First backoff delay in ms; doubles each retry (default 500). */
  backoffMs?: number;
  /** Longest wait honoured from a Retry-After header, in ms (default 60 s). */
  maxRetryAfterMs?: number;
  limiter?: RateLimiter;
  /** A 404 returns null instead of throwing. */
  allowNotFound?: boolean;
}

export function isRemote(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** Joins a base URL (http(s):// or file://) and a path without doubling slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Reads a local path or file:// URL, or GETs an http(s) URL; returns the body as text (null on allowed 404). */
export async function fetchText(location: string, options: FetchOptions): Promise<string | null> {
  if (!isRemote(location)) return readLocal(location, options);
  const attempts = options.attempts ?? 4;
  const backoffMs = options.backoffMs ?? 500;
  let lastError: SourceError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await options.limiter?.take();
    let retryAfterMs: number | undefined;
    try {
      const response = await fetch(location, {
        headers: { 'Accept-Encoding': 'gzip, deflate', ...options.headers },
        signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
      });
      if (response.ok) return await response.text();
      if (response.status === 404 && options.allowNotFound) return null;
      lastError = new SourceError(options.source, `HTTP ${response.status} from ${redact(location)}`, response.status);
      if (response.status !== 429 && response.status < 500) throw lastError;
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      if (error === lastError) throw error;
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message;
      lastError = new SourceError(options.source, `${reason} (${redact(location)})`);
    }
    if (attempt < attempts) {
      const backoff = backoffMs * 2 ** (attempt - 1);
      await sleep(Math.min(Math.max(retryAfterMs ?? 0, backoff), options.maxRetryAfterMs ?? 60_000));
    }
  }
  throw new SourceError(options.source, `gave up after ${attempts} attempts: ${lastError?.message ?? 'unknown error'}`);
}

/** fetchText, then JSON.parse with an error that names the source (an HTML page served with 200 says so). */
export async function fetchJson(location: string, options: FetchOptions): Promise<unknown> {
  const text = await fetchText(location, options);
  if (text === null) return null;
  return parseJson(text, options.source);
}

export function parseJson(text: string, source: string): unknown {
  if (looksLikeHtml(text)) throw new SourceError(source, 'expected JSON but got an HTML page');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SourceError(source, `malformed JSON (${(error as Error).message})`);
  }
}

export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body)/i.test(text.replace(/^\uFEFF/, ''));
}

/** Spaces requests so that no more than `perSecond` start in any one second, and counts them (retries too). */
export class RateLimiter {
  private next = 0;
  /** HTTP requests started through this limiter (fetchText takes it once per attempt). */
  requests = 0;
  constructor(private readonly perSecond: number) {}

  async take(): Promise<void> {
    this.requests++;
    const interval = 1000 / this.perSecond;
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + interval;
    if (at > now) await sleep(at - now);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Drops query strings from URLs in messages (they may carry keys). */
function redact(location: string): string {
  return location.replace(/\?.*$/, '');
}

async function readLocal(location: string, options: FetchOptions): Promise<string | null> {
  const path = location.startsWith('file:') ? fileURLToPath(location) : location;
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && options.allowNotFound) return null;
    throw new SourceError(options.source, `cannot read ${path}: ${(error as Error).message}`);
  }
}
