/**
 * The one implementation behind all message types, by piece: from a BodyDef (data) the schemas
 * (schema.ts), reading XML records (record-read.ts), writing them (record-write.ts), unknown content
 * (extra.ts) and error texts in Pyramid's words (issues.ts), each a set of callbacks on the one
 * walk over the fields (walk.ts). This module only gathers them under the engine's name.
 */
export { EXTRA_KEY, ExtraBudget, fromExtra, toExtra, type ExtraElement, type ExtraValue } from './extra';
export { bodySchemas, dropUndefined, objectSchema, type BodySchemas } from './schema';
export { dialectProblem, elementKey, readRecord, type ReadBudgets } from './record-read';
export { writeRecord } from './record-write';
export { describePath, issueText, keyValues, pyramidName, toIssues } from './issues';
export { recordLists } from './walk';
