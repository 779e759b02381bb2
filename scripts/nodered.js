'use strict';
/*
 * Starts an embedded Node-RED with this package's nodes, for `npm start` and end-to-end tests.
 * The user dir is a git-ignored folder; the package is linked into its node_modules so Node-RED
 * loads it exactly as it would load it from the Flow Library.
 */
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');

const root = path.join(__dirname, '..');

function linkPackage(userDir) {
  const pkg = require(path.join(root, 'package.json'));
  const scopeDir = path.join(userDir, 'node_modules', ...pkg.name.split('/').slice(0, -1));
  fs.mkdirSync(scopeDir, { recursive: true });
  const link = path.join(userDir, 'node_modules', pkg.name);
  try {
    const st = fs.lstatSync(link);
    if (st.isSymbolicLink() && fs.realpathSync(link) === fs.realpathSync(root)) return;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    // not there yet
  }
  fs.symlinkSync(root, link, 'dir');
  const userPkg = path.join(userDir, 'package.json');
  if (!fs.existsSync(userPkg)) {
    fs.writeFileSync(userPkg, JSON.stringify({ name: 'node-red-project', private: true, dependencies: { [pkg.name]: 'file:' + root } }, null, 2));
  }
}

/**
 * The credentials file as Node-RED writes it when a credentialSecret is set (AES-256-CTR, the key
 * the SHA-256 of the secret, a random IV in hex before the base64 cipher text), so that the
 * secrets are never on disk in the clear, not even before the first deploy.
 */
function encryptCredentials(secret, credentials) {
  const crypto = require('node:crypto');
  const key = crypto.createHash('sha256').update(secret).digest();
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-ctr', key, iv);
  return { $: iv.toString('hex') + cipher.update(JSON.stringify(credentials), 'utf8', 'base64') + cipher.final('base64') };
}

/**
 * Options: flows/credentials are written to the user dir only when given (the demo keeps what the
 * user deployed by not giving them); credentialSecret encrypts flows_cred.json; adminAuth is
 * Node-RED's editor authentication setting; contextDefault names the default context store
 * ('file' = localfilesystem, so dedupe and "last pushed" state survive a restart).
 * @param {{ port?: number, host?: string, userDir: string, flows?: object[], credentials?: object, credentialSecret?: string|false, adminAuth?: object, contextDefault?: 'memory'|'file', log?: string, lang?: string }} o
 * @returns {Promise<{ url: string, port: number, RED: any, stop: () => Promise<void> }>}
 */
async function startNodeRed(o) {
  const RED = require('node-red');
  fs.mkdirSync(o.userDir, { recursive: true });
  linkPackage(o.userDir);
  if (o.flows) {
    fs.writeFileSync(path.join(o.userDir, 'flows.json'), JSON.stringify(o.flows, null, 2), { mode: 0o600 });
  }
  if (o.credentials) {
    const body = o.credentialSecret ? encryptCredentials(o.credentialSecret, o.credentials) : o.credentials;
    fs.writeFileSync(path.join(o.userDir, 'flows_cred.json'), JSON.stringify(body, null, 2), { mode: 0o600 });
  }
  // what Node-RED writes later (credentials, context, backups) is for this user only
  for (const f of ['flows.json', 'flows_cred.json', '.flows.json.backup', '.flows_cred.json.backup']) {
    const p = path.join(o.userDir, f);
    if (fs.existsSync(p)) fs.chmodSync(p, 0o600);
  }
  const server = http.createServer();
  const settings = {
    userDir: o.userDir,
    flowFile: 'flows.json',
    credentialSecret: o.credentialSecret ?? false,
    ...(o.adminAuth ? { adminAuth: o.adminAuth } : {}),
    // the runtime's language (status texts, log and error messages); the editor follows the browser's
    ...(o.lang ? { lang: o.lang } : {}),
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    uiHost: o.host ?? '127.0.0.1',
    logging: { console: { level: o.log ?? 'info', metrics: false, audit: false } },
    editorTheme: { projects: { enabled: false }, tours: false },
    // function nodes may use Node's built-in modules (the example flow verifies webhook signatures with crypto)
    functionExternalModules: true,
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    telemetry: { enabled: false, updateNotification: false },
    functionGlobalContext: {},
    contextStorage:
      o.contextDefault === 'file'
        ? { default: 'file', file: { module: 'localfilesystem', config: { flushInterval: 1 } }, memory: { module: 'memory' } }
        : { default: { module: 'memory' }, file: { module: 'localfilesystem', config: { flushInterval: 1 } } },
  };
  RED.init(server, settings);
  const express = require('express');
  const app = express();
  app.use(settings.httpAdminRoot, RED.httpAdmin);
  app.use(settings.httpNodeRoot, RED.httpNode);
  server.on('request', app);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 1880, o.host ?? '127.0.0.1', resolve);
  });
  // RED.start() resolves before the flows run; wait for them, so webhooks and polls find their nodes
  const { events } = require('@node-red/util');
  const started = new Promise((resolve) => {
    const onStart = () => {
      events.removeListener('flows:started', onStart);
      resolve();
    };
    events.on('flows:started', onStart);
    setTimeout(onStart, 30000).unref();
  });
  await RED.start();
  await started;
  const port = server.address().port;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    port,
    RED,
    stop: async () => {
      await RED.stop();
      // keep-alive connections (the shop's webhook deliveries, a browser) would hold close() open
      const closed = new Promise((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}

module.exports = { startNodeRed, linkPackage };
