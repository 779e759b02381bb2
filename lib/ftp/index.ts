/**
 * FTP transport: the engine the FTP nodes adapt (a server: connection queue, uploader, outbox,
 * identity, delivery by key; an inbox: poller, schedule, claims, ack/reject/delete/list) and the
 * parts it is made of, usable on their own.
 */
export { FtpError, scrub, type FtpErrorCode } from './errors';
export {
  checkFileName,
  checkFolder,
  resolveFolder,
  joinPath,
  globMatcher,
  renderNameTemplate,
  fileTimestamp,
  nameCodec,
  quarantineName,
  listedNameProblem,
  type NameCodec,
} from './names';
export { FtpConnection, type ConnectionState, type LogFn } from './connection';
export { openClient, type FtpServerOptions, type SecureMode, type TransferMode } from './client';
export { FtpSession, type RemoteEntry } from './session';
export { parseListTime, parseListing } from './listing';
export {
  ackClaim,
  rejectClaim,
  claimName,
  parseClaimName,
  reasonText,
  heldClaims,
  currentClaimName,
  releaseClaim,
  listClaims,
  MAX_DELIVERY_NUMBER,
  type ClaimInfo,
  type ClaimFolders,
  type ListedClaim,
} from './claims';
export {
  DEFAULT_SETTLE_MS,
  FtpPoller,
  forgetClaim,
  type EmitFn,
  type PollerOptions,
  type PolledFile,
  type CycleResult,
  type QuarantinedFile,
  type StableMode,
  type AckMode,
} from './poller';
export { Outbox, type OutboxEntry, type OutboxOptions } from './outbox';
export { FtpUploader, type SendOutcome } from './uploader';
export { uploadFile, tempNameFor, parseTakenFolders, DEFAULT_TAKEN_FOLDERS, type KnownNames, type UploadTarget, type UploadResult } from './upload';
export { TakenNames, type TakenNamesOptions } from './taken';
export { testConnection, testCredentials, type ConnectionReport, type FolderCheck } from './diagnose';
export { FtpServer, serverFolders, type FtpServerConfig, type ServerFolders, type ServerHooks, type ServerUser, type Delivery } from './server';
export { FtpInbox, type InboxOptions, type InboxHandlers } from './inbox';
export { ackFile, rejectFile, releaseFile, deleteFile, listFiles, fileAction, handleMsg, type ActionTarget, type ActionDone, type ActionTexts, type ListedFile, type MsgOutcome, type MsgRequest } from './actions';
export {
  FILE_ACTIONS,
  actionOf,
  addPyramid,
  claimOf,
  payloadData,
  payloadEncoding,
  poisonMsg,
  poisonText,
  polledMsg,
  storableMsg,
  withUpload,
  type FileAction,
  type Msg,
} from './msg';
export { instanceId, runtimeId, ownerFor, safeFileName } from './instance';
