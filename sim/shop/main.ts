#!/usr/bin/env node
/**
 * Runs the simulated shop on its own:
 *
 *   node dist/sim/shop/main.js [--port 8088] [--host 127.0.0.1] [--seed]
 *                              [--webhook order.created=http://127.0.0.1:1880/woocommerce/order]
 *
 * Environment: SHOP_PORT, SHOP_HOST, SHOP_CONSUMER_KEY, SHOP_CONSUMER_SECRET, SHOP_WEBHOOK_SECRET.
 * Keys that are not given are generated and printed (they only open this local simulator).
 */
import { randomBytes } from 'node:crypto';
import { type ConfiguredWebhook, createShop } from './index';

interface CliOptions {
  port: number;
  host: string;
  seed: boolean;
  webhooks: { topic: string; url: string }[];
}

const USAGE =
  'usage: main.js [--port N] [--host ADDR] [--seed] [--webhook TOPIC=URL ...]\n' +
  'env: SHOP_PORT, SHOP_HOST, SHOP_CONSUMER_KEY, SHOP_CONSUMER_SECRET, SHOP_WEBHOOK_SECRET';

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const opts: CliOptions = {
    port: Number(env.SHOP_PORT ?? '8088'),
    host: env.SHOP_HOST ?? '127.0.0.1',
    seed: false,
    webhooks: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--port') opts.port = Number(value());
    else if (arg === '--host') opts.host = value();
    else if (arg === '--seed') opts.seed = true;
    else if (arg === '--webhook') {
      const spec = value();
      const eq = spec.indexOf('=');
      if (eq < 1) throw new Error(`--webhook expects TOPIC=URL, got "${spec}"`);
      opts.webhooks.push({ topic: spec.slice(0, eq), url: spec.slice(eq + 1) });
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument "${arg}"`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error(`invalid port "${opts.port}"`);
  return opts;
}

async function main(): Promise<void> {
  let cli: CliOptions;
  try {
    cli = parseArgs(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exit(2);
  }
  const consumerKey = process.env.SHOP_CONSUMER_KEY ?? `ck_${randomBytes(20).toString('hex')}`;
  const givenSecret = process.env.SHOP_CONSUMER_SECRET;
  const consumerSecret = givenSecret ?? `cs_${randomBytes(20).toString('hex')}`;
  const webhookSecret = process.env.SHOP_WEBHOOK_SECRET ?? randomBytes(24).toString('base64url');

  const shop = await createShop({
    port: cli.port,
    host: cli.host,
    consumerKey,
    consumerSecret,
    seed: cli.seed,
    webhooks: cli.webhooks.map((w) => ({
      topic: w.topic as ConfiguredWebhook['topic'],
      deliveryUrl: w.url,
      secret: webhookSecret,
    })),
    log: (line) => console.log(`[shop] ${line}`),
  });

  console.log(`Simulated WooCommerce shop: ${shop.url}/`);
  console.log(`REST API:                   ${shop.url}/wp-json/wc/v3`);
  console.log(`Consumer key:               ${consumerKey}`);
  // A secret from the environment is the caller's to know; only a generated one is shown.
  console.log(`Consumer secret:            ${givenSecret === undefined ? consumerSecret : '(from SHOP_CONSUMER_SECRET)'}`);
  if (cli.webhooks.length > 0) {
    console.log(
      `Webhook secret:             ${process.env.SHOP_WEBHOOK_SECRET === undefined ? webhookSecret : '(from SHOP_WEBHOOK_SECRET)'}`,
    );
  }

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    shop.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
