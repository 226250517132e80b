// Requests to SEC EDGAR: the URLs of company_tickers.json, the daily index, companyfacts and submissions under
// the configured bases (https or a file:// directory with the same layout), a User-Agent naming a contact on
// every request (SEC's fair-access policy rejects anonymous clients) and one rate limiter shared by all of them.
import { requireConfig, type Config } from '../../config.js';
import { systemClock, type Clock } from '../../core/clock.js';
import { fetchJson, fetchText, isRemote, joinUrl, RateLimiter, SourceError, type FetchOptions } from '../http.js';
import { DAILY_INDEX_SOURCE, dailyIndexPath, parseDailyIndex, type DailyFiling } from './daily-index.js';

/** SEC allows at most 10 requests per second per client; 8 leaves a margin. */
export const SEC_REQUESTS_PER_SECOND = 8;

/** "CIK0001640147": the zero-padded form SEC uses in file names. */
export function cikLabel(cik: number): string {
  return `CIK${String(cik).padStart(10, '0')}`;
}

/** SEC's fair-access block page (served with HTTP 403): "Request Rate Threshold Exceeded", "Undeclared Automated Tool". */
export function isFairAccessBlock(body: string): boolean {
  return /Request Rate Threshold Exceeded|Undeclared Automated Tool/i.test(body);
}

export class SecClient {
  readonly wwwUrl: string;
  readonly dataUrl: string;
  /** Whether requests go over HTTP (else the bases are file:// directories). */
  readonly remote: boolean;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly limiter: RateLimiter;

  /** Throws ConfigError when a base is http(s) and SEC_USER_AGENT is not set. */
  constructor(
    config: Config,
    private readonly clock: Clock = systemClock,
  ) {
    this.limiter = new RateLimiter(SEC_REQUESTS_PER_SECOND, clock);
    this.wwwUrl = config.SEC_WWW_URL;
    this.dataUrl = config.SEC_DATA_URL;
    this.remote = isRemote(this.wwwUrl) || isRemote(this.dataUrl);
    const userAgent = this.remote ? requireConfig(config, ['SEC_USER_AGENT'], 'SEC EDGAR requests').SEC_USER_AGENT : config.SEC_USER_AGENT;
    this.headers = { Accept: 'application/json', ...(userAgent ? { 'User-Agent': userAgent } : {}) };
    this.timeoutMs = config.HTTP_TIMEOUT_MS;
  }

  companyTickersUrl(): string {
    return joinUrl(this.wwwUrl, 'files/company_tickers.json');
  }

  /** The folder of EDGAR's daily index files (www.sec.gov/Archives/edgar/daily-index). */
  dailyIndexBaseUrl(): string {
    return joinUrl(this.wwwUrl, 'Archives/edgar/daily-index');
  }

  companyFactsUrl(cik: number): string {
    return joinUrl(this.dataUrl, `api/xbrl/companyfacts/${cikLabel(cik)}.json`);
  }

  submissionsUrl(cik: number): string {
    return joinUrl(this.dataUrl, `submissions/${cikLabel(cik)}.json`);
  }

  /** Every request: the contact headers, the timeout, the shared limiter and the clock it waits on. */
  private request(source: string, headers: Record<string, string>): FetchOptions {
    return { source, headers, timeoutMs: this.timeoutMs, limiter: this.limiter, clock: this.clock };
  }

  /** GETs (or reads) a JSON document, paced by the shared limiter; errors name `source`. */
  getJson(url: string, source: string): Promise<unknown> {
    return fetchJson(url, this.request(source, this.headers));
  }

  /** The filings of one day (YYYY-MM-DD) from the daily index; null when the day has none (404 or 403). */
  async dailyIndex(date: string): Promise<DailyFiling[] | null> {
    const url = joinUrl(this.dailyIndexBaseUrl(), dailyIndexPath(date));
    const source = `${DAILY_INDEX_SOURCE} ${date}`;
    try {
      const text = await fetchText(url, { ...this.request(source, { ...this.headers, Accept: 'text/plain' }), allowNotFound: true });
      return text === null ? null : parseDailyIndex(text, source);
    } catch (error) {
      // EDGAR answers 403 rather than 404 for some missing paths (a weekend, a holiday, a day not yet published),
      // but its fair-access block page is a 403 too: that one is an error, never "no filings that day".
      if (!(error instanceof SourceError) || error.status !== 403) throw error;
      if (isFairAccessBlock(error.body ?? '')) throw new SourceError(source, `blocked by SEC's fair-access policy: HTTP 403 from ${url}`, 403);
      return null;
    }
  }

  /** HTTP requests made so far (every attempt, retries included; local files are not requests). */
  get requests(): number {
    return this.limiter.requests;
  }
}
