/**
 * FtpPoller as pyramid-ftp-in wires it: lib/ftp's poller told Pyramid's message types (lib/ftp
 * knows nothing of them; the node gives the poller lib/messages' detectTypeFromFileName as its
 * classify). The suites that check PolledFile.type use this one.
 */
import { FtpPoller as Poller, type FtpConnection, type PollerOptions } from '../../lib/ftp';
import { detectTypeFromFileName } from '../../lib/messages';

export class FtpPoller extends Poller {
  constructor(conn: FtpConnection, options: PollerOptions) {
    super(conn, { classify: detectTypeFromFileName, ...options });
  }
}
