/**
 * Operations: the figures and FTP views behind the editor's "Pyramid" sidebar (nodes/pyramid-ops).
 * No Node-RED import: the nodes feed `ops`, the admin endpoints read it.
 */
export {
  ops,
  OpsRegistry,
  BucketRing,
  WindowCounters,
  LatencyWindow,
  ErrorRing,
  MessageNodeStats,
  EndpointStats,
  type MessageCounter,
  type MessageNodeSnapshot,
  type EndpointSnapshot,
  type RecentError,
} from './stats';
export {
  listFtpOps,
  describeClaim,
  replayErrorFile,
  archiveErrorFile,
  outboxView,
  REASON_SUFFIX,
  type OpsFolders,
  type ProcessingEntry,
  type ErrorEntry,
  type FtpOpsListing,
  type ListOptions,
  type MoveResult,
  type OutboxView,
} from './ftp';
