/** The shop-facing HTTP surface: signatures, tokens, rate limits, capped bodies, safe errors, flow checks. */
export * from './signature';
export * from './token';
export * from './rate-limit';
export * from './body';
export * from './errors';
export * from './flow-check';
