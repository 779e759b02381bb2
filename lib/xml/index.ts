export * from './errors';
export * from './encoding';
export * from './reader';
export * from './writer';
export * from './stream';
