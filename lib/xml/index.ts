/** The XML layer's public face: code pages, the safe reader (whole and streaming), the writer, its errors. */
export * from './errors';
export * from './encoding';
export * from './reader';
export * from './writer';
export * from './stream';
