/**
 * Webhook delivery as WooCommerce does it (the records themselves: webhook-records.ts).
 *
 * Delivery (WC_Webhook::deliver): POST of the resource's REST JSON (PHP-encoded, as signed), headers
 * X-WC-Webhook-Source/-Topic/-Resource/-Event/-Signature/-ID/-Delivery-ID, signature =
 * base64(HMAC-SHA256(secret, raw body)). A 2xx, 301 or 302 answer is a success and resets the
 * webhook's failure count; anything else, or no answer, is a failure: WooCommerce's failed_delivery
 * disables the webhook when the count already exceeds 5 (so the 7th consecutive failure), else adds one.
 *
 * WooCommerce itself sends each event once; the simulator also retries a failed delivery (same
 * delivery id and body) with exponential backoff, a bounded number of times, each attempt counting as
 * a failure as above. Deliveries to one webhook go out one at a time in event order. A webhook
 * created over REST first gets WooCommerce's ping: a form-encoded `webhook_id=<id>` POST without
 * signature headers, whose answer is not counted.
 */
import { createHmac, randomBytes } from 'node:crypto';
import http, { type ClientRequest } from 'node:http';
import https from 'node:https';
import { phpJsonEncode } from './http';
import { type Resource, type ShopEvent, type ShopState, type WebhookRecord } from './state';
import { WEBHOOK_TOPICS, USER_AGENT } from './webhook-records';
export { WEBHOOK_TOPICS, USER_AGENT, webhookProperties, WebhookInput, createWebhook, getWebhook, updateWebhook, deleteWebhook, queryWebhooks, webhookView } from './webhook-records';

// ---------------------------------------------------------------------------------------------
// Delivery

export interface DeliveryOptions {
  /** Extra attempts after a failed one (WooCommerce itself makes none). */
  retries: number;
  /** Wait before the first retry; doubled for each further one. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Per attempt; WooCommerce waits a minute. */
  timeoutMs: number;
  /** WooCommerce's `woocommerce_max_webhook_delivery_failures`. */
  maxFailures: number;
}

export interface DeliveryRecord {
  deliveryId: string;
  webhookId: number;
  topic: string;
  resourceId: number;
  attempt: number;
  url: string;
  at: number;
  status: number | null;
  outcome: 'delivered' | 'failed' | 'dropped';
  detail: string;
}

interface Job {
  kind: 'event' | 'ping';
  webhookId: number;
  topic: string;
  resourceId: number;
  deliveryId: string;
  /** Frozen at the first attempt, so retries send the same bytes. */
  body?: string;
  deletedPayload?: { id: number };
}

const KEEP_RECORDS = 2000;

export class WebhookDispatcher {
  /** Every attempt, newest last (the latest 2,000). */
  readonly deliveries: DeliveryRecord[] = [];
  private readonly queues = new Map<number, Job[]>();
  private readonly draining = new Set<number>();
  private readonly sleeping = new Map<NodeJS.Timeout, () => void>();
  private readonly inflight = new Set<ClientRequest>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  /** Deliveries to lose on purpose (test aid): the next `count` on the topic (any when undefined). */
  private drops: { count: number; topic?: string }[] = [];

  constructor(
    private readonly state: ShopState,
    private readonly options: DeliveryOptions,
    private readonly payloadFor: (resource: Resource, id: number) => unknown,
    private readonly log: (line: string) => void,
  ) {
    state.onChange((e) => this.onChange(e));
  }

  private onChange(e: ShopEvent): void {
    const topic = `${e.resource}.${e.event}`;
    for (const w of this.state.webhooks.values()) {
      if (w.status !== 'active' || w.topic !== topic) continue;
      this.enqueue({
        kind: 'event',
        webhookId: w.id,
        topic,
        resourceId: e.id,
        deliveryId: newDeliveryId(),
        deletedPayload: e.event === 'deleted' ? { id: e.id } : undefined,
      });
    }
  }

  /** Sends the resource again to every active webhook on the topic, as an at-least-once shop may. */
  redeliver(topic: string, resourceId: number): string[] {
    const ids: string[] = [];
    for (const w of this.state.webhooks.values()) {
      if (w.status !== 'active' || w.topic !== topic) continue;
      const deliveryId = newDeliveryId();
      ids.push(deliveryId);
      this.enqueue({
        kind: 'event',
        webhookId: w.id,
        topic,
        resourceId,
        deliveryId,
        deletedPayload: topic.endsWith('.deleted') ? { id: resourceId } : undefined,
      });
    }
    return ids;
  }

  /**
   * Loses the next `count` deliveries (on `topic`, or any topic): they are never sent and are
   * recorded with outcome 'dropped' ("dropped on request"), as a delivery lost on the way would be.
   */
  drop(count: number, topic?: string): void {
    if (!Number.isInteger(count) || count < 1) throw new Error('drop count must be a whole number >= 1');
    if (topic !== undefined && !WEBHOOK_TOPICS.includes(topic)) throw new Error(`unknown webhook topic "${topic}"`);
    this.drops.push({ count, topic });
  }

  /** Deliveries still to be dropped. */
  get pendingDrops(): number {
    return this.drops.reduce((n, d) => n + d.count, 0);
  }

  private takeDrop(topic: string): boolean {
    const d = this.drops.find((x) => x.count > 0 && (x.topic === undefined || x.topic === topic));
    if (!d) return false;
    d.count -= 1;
    this.drops = this.drops.filter((x) => x.count > 0);
    return true;
  }

  /** WooCommerce's deliver_ping after a webhook is created over REST. */
  ping(w: WebhookRecord): void {
    this.enqueue({ kind: 'ping', webhookId: w.id, topic: 'ping', resourceId: 0, deliveryId: newDeliveryId() });
  }

  /** Resolves once every queued delivery (with its retries) has finished. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops delivering: pending jobs are dropped, backoff waits end and open requests are aborted. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [timer, wake] of this.sleeping) {
      clearTimeout(timer);
      wake();
    }
    this.sleeping.clear();
    for (const req of this.inflight) req.destroy(new Error('shop closing'));
    await this.whenIdle();
  }

  private isIdle(): boolean {
    return this.draining.size === 0 && [...this.queues.values()].every((q) => q.length === 0);
  }

  private enqueue(job: Job): void {
    if (this.closed) return;
    const queue = this.queues.get(job.webhookId) ?? [];
    queue.push(job);
    this.queues.set(job.webhookId, queue);
    if (!this.draining.has(job.webhookId)) {
      this.draining.add(job.webhookId);
      setImmediate(() => void this.drain(job.webhookId));
    }
  }

  private async drain(webhookId: number): Promise<void> {
    try {
      for (;;) {
        const job = this.queues.get(webhookId)?.shift();
        if (!job) break;
        if (job.kind === 'ping') await this.sendPing(job);
        else await this.deliver(job);
      }
    } finally {
      this.queues.delete(webhookId);
      this.draining.delete(webhookId);
      if (this.isIdle()) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const wake of waiters) wake();
      }
    }
  }

  private record(job: Job, w: WebhookRecord | undefined, attempt: number, status: number | null, outcome: DeliveryRecord['outcome'], detail: string): void {
    this.deliveries.push({
      deliveryId: job.deliveryId,
      webhookId: job.webhookId,
      topic: job.topic,
      resourceId: job.resourceId,
      attempt,
      url: w?.deliveryUrl ?? '',
      at: Date.now(),
      status,
      outcome,
      detail,
    });
    if (this.deliveries.length > KEEP_RECORDS) this.deliveries.splice(0, this.deliveries.length - KEEP_RECORDS);
    const what = job.kind === 'ping' ? 'ping' : `${job.topic} #${job.resourceId}`;
    this.log(`webhook ${job.webhookId} ${what} attempt ${attempt}: ${outcome}${detail ? ` (${detail})` : ''} [${job.deliveryId}]`);
  }

  private async sendPing(job: Job): Promise<void> {
    const w = this.state.webhooks.get(job.webhookId);
    if (!w || this.closed) return;
    const result = await this.post(w.deliveryUrl, `webhook_id=${w.id}`, {
      'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
      'User-Agent': USER_AGENT,
    });
    // WooCommerce only reports a ping that does not answer 200; it never counts it as a failure.
    const ok = result.status === 200;
    this.record(job, w, 1, result.status, ok ? 'delivered' : 'failed', result.error ?? `HTTP ${result.status}`);
  }

  private async deliver(job: Job): Promise<void> {
    const [resource, event] = job.topic.split('.') as [Resource, string];
    if (this.takeDrop(job.topic)) {
      this.record(job, this.state.webhooks.get(job.webhookId), 1, null, 'dropped', 'dropped on request');
      return;
    }
    for (let attempt = 1; ; attempt++) {
      const w = this.state.webhooks.get(job.webhookId);
      if (!w || w.status !== 'active' || this.closed) {
        const reason = this.closed ? 'shop closing' : w ? `webhook ${w.status}` : 'webhook deleted';
        this.record(job, w, attempt, null, 'dropped', reason);
        return;
      }
      if (job.body === undefined) {
        job.body = phpJsonEncode(job.deletedPayload ?? this.payloadFor(resource, job.resourceId)).trim();
      }
      const result = await this.post(w.deliveryUrl, job.body, {
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
        'X-WC-Webhook-Source': `${this.state.baseUrl}/`,
        'X-WC-Webhook-Topic': job.topic,
        'X-WC-Webhook-Resource': resource,
        'X-WC-Webhook-Event': event,
        'X-WC-Webhook-Signature': sign(job.body, w.secret),
        'X-WC-Webhook-ID': String(w.id),
        'X-WC-Webhook-Delivery-ID': job.deliveryId,
      });
      const status = result.status;
      if (status !== null && status >= 200 && status < 303) {
        w.failureCount = 0;
        this.record(job, w, attempt, status, 'delivered', `HTTP ${status}`);
        return;
      }
      const detail = result.error ?? `HTTP ${status}`;
      if (w.failureCount > this.options.maxFailures) {
        w.status = 'disabled';
        this.record(job, w, attempt, status, 'failed', `${detail}; webhook disabled after ${w.failureCount + 1} consecutive failures`);
        return;
      }
      w.failureCount += 1;
      this.record(job, w, attempt, status, 'failed', detail);
      if (attempt > this.options.retries || this.closed) return;
      await this.sleep(Math.min(this.options.backoffMs * 2 ** (attempt - 1), this.options.maxBackoffMs));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeping.delete(timer);
        resolve();
      }, ms);
      this.sleeping.set(timer, resolve);
    });
  }

  private post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number | null; error?: string }> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve({ status: null, error: 'invalid delivery URL' });
        return;
      }
      const client = target.protocol === 'https:' ? https : http;
      const req = client.request(
        target,
        { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, timeout: this.options.timeoutMs },
        (res) => {
          res.resume();
          res.on('close', () => {
            this.inflight.delete(req);
            resolve({ status: res.statusCode ?? null });
          });
        },
      );
      this.inflight.add(req);
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)));
      req.on('error', (err: Error) => {
        this.inflight.delete(req);
        resolve({ status: null, error: err.message });
      });
      req.end(body);
    });
  }
}

/** base64(HMAC-SHA256(secret, body)): the X-WC-Webhook-Signature header. */
export function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

function newDeliveryId(): string {
  return randomBytes(16).toString('hex');
}
