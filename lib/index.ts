/**
 * @pyramid-connect/node-red-pyramid: the library behind the Node-RED nodes, usable on its own.
 * Nothing here imports node-red.
 */
export * from './messages';
export * as xml from './xml';
export { ENCODINGS, type Encoding, type EncodingOption } from './xml/encoding';
export * as ftp from './ftp';
export * as ws from './ws';
