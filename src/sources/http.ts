// Fetching for every upstream: local files or file:// URLs read directly; HTTP with a timeout, retries with
// backoff on 429/5xx/network errors and timeouts only (honouring Retry-After; a body that cannot be decoded,
// e.g. gzip junk, is not retried), an optional rate limiter, and errors that name the source once and carry
// no URL query string.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fetch, { type Response } from 'node-fetch';
import { systemClock, type Clock } from '../core/clock.js';

export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    readonly source: string,
    message: string,
    readonly status?: number,
    /** The start of the response body of a refused request (4xx), for callers that tell pages apart. */
    readonly body?: string,
  ) {
    super(`${source}: ${withoutQueries(message)}`);
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
  /** Waits between attempts and dates Retry-After (default the system clock). */
  clock?: Clock;
}

export function isRemote(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** Joins a base URL (http(s):// or file://) and a path without doubling slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Reads a local path or file:// URL, or GETs an http(s) URL; returns the body as text (null on allowed 404). */
export function fetchText(location: string, options: FetchOptions): Promise<string | null> {
  return fetchBody(location, options, 'text');
}

/** Like fetchText, for a binary body (a zip): the bytes as they came. */
export function fetchBytes(location: string, options: FetchOptions): Promise<Buffer | null> {
  return fetchBody(location, options, 'bytes');
}

type Body<T extends 'text' | 'bytes'> = T extends 'text' ? string : Buffer;

async function fetchBody<T extends 'text' | 'bytes'>(location: string, options: FetchOptions, as: T): Promise<Body<T> | null> {
  if (!isRemote(location)) return readLocal(location, options, as);
  const attempts = options.attempts ?? 4;
  const backoffMs = options.backoffMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const clock = options.clock ?? systemClock;
  const at = redact(location);
  let lastReason = 'unknown error';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await options.limiter?.take();
    let retryAfterMs: number | undefined;
    try {
      const response = await fetch(location, {
        headers: { 'Accept-Encoding': 'gzip, deflate', ...options.headers },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.ok) return await readBody(response, options.source, at, timeoutMs, as);
      if (response.status === 404 && options.allowNotFound) return null;
      lastReason = `HTTP ${response.status} from ${at}`;
      if (response.status !== 429 && response.status < 500) {
        const body = await response.text().catch(() => '');
        throw new SourceError(options.source, lastReason, response.status, body.slice(0, 4096));
      }
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now());
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      if (error instanceof SourceError) throw error;
      lastReason = `${failureReason(error, timeoutMs)} (${at})`; // network error or timeout: retried
    }
    if (attempt < attempts) {
      const backoff = backoffMs * 2 ** (attempt - 1);
      await clock.sleep(Math.min(Math.max(retryAfterMs ?? 0, backoff), options.maxRetryAfterMs ?? 60_000));
    }
  }
  throw new SourceError(options.source, `gave up after ${attempts} attempts: ${lastReason}`);
}

/**
 * The body as text. A body that does not decompress (gzip junk: a zlib error) is final, never retried; a
 * timeout or a connection lost while reading is rethrown to be retried.
 */
async function readBody<T extends 'text' | 'bytes'>(response: Response, source: string, at: string, timeoutMs: number, as: T): Promise<Body<T>> {
  try {
    return (as === 'text' ? await response.text() : Buffer.from(await response.arrayBuffer())) as Body<T>;
  } catch (error) {
    if (!/^Z_/.test(String((error as NodeJS.ErrnoException).code ?? ''))) throw error;
    throw new SourceError(source, `cannot decode the response body from ${at}: ${failureReason(error, timeoutMs)}`);
  }
}

/** node-fetch signals an AbortSignal.timeout as an AbortError ("The operation was aborted."). */
function isTimeout(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

function failureReason(error: unknown, timeoutMs: number): string {
  return isTimeout(error) ? `timed out after ${timeoutMs} ms` : (error as Error).message;
}

/** fetchText, then JSON.parse with an error that names the source (an HTML page served with 200 says so). */
export async function fetchJson(location: string, options: FetchOptions): Promise<unknown> {
  const text = await fetchText(location, options);
  if (text === null) return null;
  return parseJson(text, options.source);
}

/** JSON text from a source (a saved file may start with a byte order mark, which JSON.parse refuses). */
export function parseJson(text: string, source: string): unknown {
  if (looksLikeHtml(text)) throw new SourceError(source, 'expected JSON but got an HTML page');
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
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
  constructor(
    private readonly perSecond: number,
    private readonly clock: Clock = systemClock,
  ) {}

  async take(): Promise<void> {
    this.requests++;
    const interval = 1000 / this.perSecond;
    const now = this.clock.now();
    const at = Math.max(now, this.next);
    this.next = at + interval;
    if (at > now) await this.clock.sleep(at - now);
  }
}

function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Drops the query string of a URL (it may carry keys). */
function redact(location: string): string {
  return location.replace(/[?#].*$/, '');
}

/** Drops the query string of every http(s) URL in a message (node-fetch's own messages quote the full URL). */
function withoutQueries(message: string): string {
  return message.replace(/(https?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, '$1');
}

async function readLocal<T extends 'text' | 'bytes'>(location: string, options: FetchOptions, as: T): Promise<Body<T> | null> {
  const path = location.startsWith('file:') ? fileURLToPath(location) : location;
  try {
    return (as === 'text' ? await readFile(path, 'utf8') : await readFile(path)) as Body<T>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && options.allowNotFound) return null;
    throw new SourceError(options.source, `cannot read ${path}: ${(error as Error).message}`);
  }
}
