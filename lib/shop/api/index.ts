/** The shop-facing HTTP surface: signatures, tokens, rate limits, capped bodies, safe errors, flow checks, admitting and answering requests. */
export * from './signature';
export * from './token';
export * from './rate-limit';
export * from './body';
export * from './errors';
export * from './flow-check';
export * from './http';
export * from './gate';
export * from './pending';
