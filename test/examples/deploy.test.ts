/*
 * Every example deploys without a warning: each runs in its own Node-RED process against the
 * Pyramid and shop simulators (its config nodes pointed at them, as the demo does), and after its
 * nodes have started and made their first polls the log has no warning and no error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPyramid, type Pyramid } from '../../sim/pyramid';
import { createShop, type Shop } from '../../sim/shop';
import { DEMO_SHOP, loadExamples, prepare, startRuntime } from './helpers';

/** Lines about the test runtime's own settings (no projects, no credentialSecret): not about the flow. */
const BENIGN = /Projects disabled|Using unencrypted credentials|Encrypted credentials not found|Your flow credentials file is encrypted using a system-generated key|credentialSecret/;

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('every example deploys without a warning', () => {
  let pyramid: Pyramid;
  let shop: Shop;
  let tmp: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-deploy-'));
    pyramid = await createPyramid({ dataDir: path.join(tmp, 'pyramid'), initialFiles: false, log: false });
    shop = await createShop({ port: 0, consumerKey: DEMO_SHOP.consumerKey, consumerSecret: DEMO_SHOP.consumerSecret });
  });

  after(async () => {
    await shop?.close().catch(() => undefined);
    await pyramid?.close().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const ex of loadExamples()) {
    it(ex.file, async () => {
      const { flows, credentials } = prepare(ex, { ftp: pyramid.ftp, wsdlUrl: pyramid.wsdlUrl, soapUrl: pyramid.soapUrl, shopUrl: shop.url });
      const rt = await startRuntime(path.join(tmp, ex.file.replace(/[^A-Za-z0-9]+/g, '-')), flows, credentials, 512);
      try {
        await until('the flows to start', () => rt.log.some((l) => /Started flows/.test(l)), 60_000);
        // what the nodes do first (FTP logins and polls, the WSDL, the first reconciliation) happens
        // within seconds: watch the log for a bounded while (an absence has no event to wait for)
        await new Promise((r) => setTimeout(r, 4_000));
        const bad = rt.log.filter((l) => /\[(warn|error)\]/.test(l) && !BENIGN.test(l));
        assert.deepEqual(bad, [], `${ex.file}: warnings or errors after deploy`);
      } finally {
        await rt.stop();
      }
    });
  }
});
