/**
 * Test aids of the simulator that a real shop does not have: REST calls counted by route, faults
 * injected into REST answers (429 with Retry-After, 500, 503), so a client's retry policy can be
 * tested against the real routes.
 *
 * A fault rule answers matching REST requests with its status instead of serving them:
 * - `count` requests (then the rule is used up), or each request with probability `rate`
 *   (a seeded generator, so a run is repeatable);
 * - `when: 'before'` (default) refuses the request untouched, as a rate limiter or a proxy would;
 *   `when: 'after'` serves it (the shop's data changes) and then answers with the fault, as when the
 *   answer of a request that reached the shop is lost;
 * - `route` (optional) limits the rule to routes starting with it (e.g. "products/batch"), `method`
 *   to one HTTP method.
 */
import { RestError } from './http';

export interface FaultRule {
  status: 429 | 500 | 502 | 503;
  /** Fail this many matching requests, then stop (default 1 unless `rate` is given). */
  count?: number;
  /** Fail each matching request with this probability (0..1), indefinitely. */
  rate?: number;
  /** Seconds sent as Retry-After (429 and 503 only); omitted when undefined. */
  retryAfter?: number;
  when?: 'before' | 'after';
  route?: string;
  method?: string;
}

interface ActiveRule extends FaultRule {
  remaining: number;
}

const TEXT: Record<number, [string, string]> = {
  429: ['woocommerce_rest_too_many_requests', 'Too many requests. Please wait and try again.'],
  500: ['internal_server_error', 'There has been a critical error on this website.'],
  502: ['bad_gateway', 'Bad gateway.'],
  503: ['service_unavailable', 'Briefly unavailable for scheduled maintenance. Check back in a minute.'],
};

/** A fault to answer with: the error and its extra headers. */
export interface FaultAnswer {
  error: RestError;
  headers: Record<string, string>;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private seed = 0x2545f491;
  /** Faults answered so far (by status). */
  readonly answered: Record<string, number> = {};

  add(rule: FaultRule): void {
    if (![429, 500, 502, 503].includes(rule.status)) throw new Error(`fault status must be 429, 500, 502 or 503, not ${String(rule.status)}`);
    if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) throw new Error('fault rate must be between 0 and 1');
    if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count >= 0)) throw new Error('fault count must be a whole number >= 0');
    if (rule.retryAfter !== undefined && !(Number.isFinite(rule.retryAfter) && rule.retryAfter >= 0)) throw new Error('retryAfter must be a number of seconds >= 0');
    if (rule.when !== undefined && rule.when !== 'before' && rule.when !== 'after') throw new Error('when must be "before" or "after"');
    const remaining = rule.rate !== undefined ? (rule.count ?? Infinity) : (rule.count ?? 1);
    this.rules.push({ ...rule, remaining });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ remaining, ...r }) => ({ ...r, remaining: Number.isFinite(remaining) ? remaining : null }) as FaultRule);
  }

  /** The fault for this request at this point (`before` or `after` serving it), if one applies. */
  take(when: 'before' | 'after', method: string, route: string): FaultAnswer | undefined {
    for (const r of this.rules) {
      if ((r.when ?? 'before') !== when || r.remaining <= 0) continue;
      if (r.method && r.method.toUpperCase() !== method) continue;
      if (r.route && !route.startsWith(r.route.replace(/^\/+/, ''))) continue;
      if (r.rate !== undefined && this.random() >= r.rate) continue;
      r.remaining -= 1;
      this.rules = this.rules.filter((x) => x.remaining > 0);
      this.answered[r.status] = (this.answered[r.status] ?? 0) + 1;
      const [code, message] = TEXT[r.status];
      const headers: Record<string, string> = {};
      if (r.retryAfter !== undefined && (r.status === 429 || r.status === 503)) headers['Retry-After'] = String(r.retryAfter);
      return { error: new RestError(code, message, r.status), headers };
    }
    return undefined;
  }

  private random(): number {
    // xorshift32: repeatable runs
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed / 0x100000000;
  }
}

/**
 * REST calls counted by route: the path after /wp-json/wc/v3 with ids as `:id`, prefixed by the
 * method (`GET products`, `POST products/batch`, `POST products/:id/variations/batch`). Every request
 * counts, also one refused by an injected fault or by authentication.
 */
export class CallCounter {
  total = 0;
  byRoute: Record<string, number> = {};

  count(method: string, route: string): void {
    const key = `${method} ${route.replace(/\/+$/, '').replace(/\/\d+(?=\/|$)/g, '/:id').replace(/^\d+(?=\/|$)/, ':id')}`;
    this.total += 1;
    this.byRoute[key] = (this.byRoute[key] ?? 0) + 1;
  }

  reset(): void {
    this.total = 0;
    this.byRoute = {};
  }

  snapshot(): { total: number; byRoute: Record<string, number> } {
    return { total: this.total, byRoute: { ...this.byRoute } };
  }
}
