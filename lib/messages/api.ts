/**
 * The public operations on messages, gathered from their modules (one concern each): the error
 * (errors.ts), limits (limits.ts), reading (read.ts), validating (validate.ts), building (build.ts),
 * timestamps (timestamp.ts), file names (file-name.ts), streaming (stream.ts) and counting (count.ts).
 */
export { MessageError, type MessageErrorCode } from './errors';
export { DEFAULT_LIMITS, DEFAULT_RECORD_ELEMENTS, type MessageLimits } from './limits';
export { parseElement, parseMessage, readMessage, type ReadOptions, type ReadResult } from './read';
export { validateModel } from './validate';
export { buildElement, buildMessage, buildMessageText, type BuildOptions } from './build';
export { localTimestamp } from './timestamp';
export { fileNameFor } from './file-name';
export { isStreamable, streamRecords, type RecordBatch, type StreamReadOptions } from './stream';
export { countRecords } from './count';
export { EXTRA_KEY } from './extra';
