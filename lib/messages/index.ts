/** The message layer's public face: the catalogue, reading, validating, building, streaming, docs and the walk over the fields, as nodes and other layers import them. */
export * from './types';
export {
  catalogue,
  MESSAGE_TYPES,
  getDescriptor,
  partsOf,
  defaultPart,
  bodyOf,
  schemasOf,
  findByRoot,
  findByOperation,
  detectTypeFromFileName,
} from './registry';
export * from './api';
export { describePath, pyramidName } from './issues';
export { recordLists, visitFields, visitField, isValue, type FieldVisitor, type FieldAt } from './walk';
export type { ExtraValue, ExtraElement } from './extra';
export { coerce, normalizeDecimal, normalizeBoolean, normalizeDate, type BooleanStyle } from './values';
export { fieldRows, directionText, documentsOf, fieldDocsOf, messageTexts, type DocLang, type FieldRow } from './docs';
export { missingSwedish } from './docs-sv';
export { messageRecordLists, recordCount, mayCollectInvalid } from './records';
export { openBatches, readSource, RECORD_MODE_BATCH, type Batch, type Batches, type BatchOptions, type BatchSource } from './batches';
