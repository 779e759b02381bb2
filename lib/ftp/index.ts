/**
 * FTP transport: one connection and operation queue per server, a poller that claims stable files
 * by atomic rename, an uploader with temporary names and a persistent outbox.
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
export {
  FtpConnection,
  FtpSession,
  openClient,
  parseListTime,
  parseListing,
  type FtpServerOptions,
  type SecureMode,
  type TransferMode,
  type ConnectionState,
  type RemoteEntry,
  type LogFn,
} from './connection';
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
  type PollerOptions,
  type PolledFile,
  type CycleResult,
  type QuarantinedFile,
  type StableMode,
  type AckMode,
} from './poller';
export { Outbox, type OutboxEntry, type OutboxOptions } from './outbox';
export { FtpUploader, uploadFile, tempNameFor, parseTakenFolders, DEFAULT_TAKEN_FOLDERS, type UploadTarget, type UploadResult, type SendOutcome } from './uploader';
export { testConnection, type ConnectionReport, type FolderCheck } from './diagnose';
