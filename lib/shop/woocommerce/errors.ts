/**
 * Errors of the WooCommerce client. A `WooError` carries WooCommerce's own `code` and message when
 * the shop answered with one, or one of ours (`timeout`, `network`, `tls`, `bad_answer`,
 * `too_many_retries`, `config`) otherwise. Messages never contain a secret: the client never puts
 * the consumer key or secret into a URL, and errors name only the method and the route.
 */
export class WooError extends Error {
  constructor(
    /** WooCommerce's error code (e.g. `woocommerce_rest_product_invalid_id`) or one of ours. */
    readonly code: string,
    message: string,
    /** The HTTP status, when the shop answered. */
    readonly status?: number,
    /**
     * True when a request that creates something failed in a way that leaves open whether it reached
     * the shop (an error answer 5xx, a timeout, a dropped connection after sending).
     */
    readonly ambiguous = false,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'WooError';
  }
}

/** `{ code, message }` of any error, for a failed record or a Catch node. */
export function errorInfo(err: unknown): { code: string; message: string } {
  if (err instanceof WooError) return { code: err.code, message: err.message };
  if (err instanceof Error) return { code: 'error', message: err.message };
  return { code: 'error', message: String(err) };
}
