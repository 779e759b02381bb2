/**
 * Registers the WooCommerce nodes with Node-RED: woocommerce-store (config node and its Test
 * connection endpoint), woocommerce-in (webhooks, reconciliation) and woocommerce-out (pushes).
 * Each node's adapter is in nodes/woocommerce/; everything that knows WooCommerce is in
 * lib/shop/woocommerce.
 */
import { cachedTranslate, type NodeAPI } from './red';
import { setupIn } from './woocommerce/in';
import { setupOut } from './woocommerce/out';
import { statusTexts, type InDef, type OutDef, type ShopUserNode } from './woocommerce/shared';
import { registerStore, storeOf } from './woocommerce/store';

module.exports = function (RED: NodeAPI): void {
  const st = cachedTranslate(statusTexts(RED, __dirname));
  registerStore(RED);

  function WooInNode(this: ShopUserNode, n: InDef): void {
    RED.nodes.createNode(this, n);
    setupIn(RED, st, this, n, storeOf(RED, st, this, n.store));
  }
  RED.nodes.registerType('woocommerce-in', WooInNode);

  function WooOutNode(this: ShopUserNode, n: OutDef): void {
    RED.nodes.createNode(this, n);
    setupOut(RED, st, this, n, storeOf(RED, st, this, n.store));
  }
  RED.nodes.registerType('woocommerce-out', WooOutNode);
};
