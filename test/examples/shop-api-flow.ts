/**
 * The shop's five B2B endpoints built on pyramid-shop-in / pyramid-shop-response, without a
 * function node or a Catch node: the shape the examples take when rebuilt on these nodes, run by
 * the hostile harness beside the examples (so the harness is known to work on them).
 * Each endpoint: shop-in -> change (pick the request fields, JSONata) -> message node (validate the
 * request) -> pyramid-ws (the operation) -> [change: status] -> shop-response.
 */
import type { FlowNode } from '../../lib/shop/api';

const TAB = 'a5e0000000000001';
let seq = 0;
const id = (): string => `a5e0${(++seq).toString(16).padStart(12, '0')}`;

const jsonata = (p: string, expr: string): Record<string, string> => ({ t: 'set', p, pt: 'msg', to: expr, tot: 'jsonata' });

export function shopApiFlow(): FlowNode[] {
  seq = 1;
  const nodes: FlowNode[] = [{ id: TAB, type: 'tab', label: 'shop api (test)' }];
  const access = { id: id(), type: 'pyramid-shop-access', name: 'the shop', tokenMinutes: 30, bodyLimitKb: 1024, loginPerClient: 20, loginClientWindowS: 60, loginFailures: 5, loginFailureWindowMin: 15, timeoutS: 30 };
  const wts = { id: id(), type: 'pyramid-ws-endpoint', name: 'Pyramid WTS', wsdl: 'http://127.0.0.1:8088/wts/eshop?wsdl', endpoint: '', auth: 'none', verifyTls: true, timeout: 10, retries: 0 };
  nodes.push(access as FlowNode, wts as FlowNode);
  const add = (n: Record<string, unknown>): FlowNode => {
    const node = { id: id(), z: TAB, wires: [], ...n } as unknown as FlowNode;
    nodes.push(node);
    return node;
  };
  const chain = (...list: FlowNode[]): void => {
    for (let i = 0; i < list.length - 1; i++) list[i].wires = [[list[i + 1].id]];
  };
  const rows: { url: string; method: string; auth: string; customerFrom?: string; type: string; op: string; pick: string; status?: string }[] = [
    { url: '/shop/login', method: 'post', auth: 'login', type: 'login', op: 'Inloggning', pick: '{"username": payload.username, "password": payload.password}' },
    { url: '/shop/prices', method: 'post', auth: 'either', customerFrom: 'body', type: 'customer-price', op: 'KundPris', pick: '{"customerNumber": payload.customerNumber, "currency": payload.currency, "rows": payload.rows}' },
    {
      url: '/shop/orders/:customerNumber',
      method: 'get',
      auth: 'either',
      customerFrom: 'params',
      type: 'order-history',
      op: 'Orderhistorik',
      // numbers stay numbers; anything else goes on as text, for the message node to refuse (400)
      pick: '{"customerNumber": req.params.customerNumber, "page": $exists(req.query.page) ? ($contains($string(req.query.page), /^[0-9]{1,6}$/) ? $number(req.query.page) : $string(req.query.page)) : 1, "perPage": $exists(req.query.perPage) ? ($contains($string(req.query.perPage), /^[0-9]{1,6}$/) ? $number(req.query.perPage) : $string(req.query.perPage)) : 20}',
    },
    { url: '/shop/contacts', method: 'post', auth: 'signature', type: 'contact', op: 'KontaktRegistrering', pick: '{"customerNumber": payload.customerNumber, "firstName": payload.firstName, "lastName": payload.lastName, "email": payload.email, "phone": payload.phone, "username": payload.username}', status: "payload.status = 'registrerad' ? 201 : 409" },
    { url: '/shop/images/:articleCode', method: 'get', auth: 'signature', type: 'images', op: 'Bilder', pick: '{"articleCode": req.params.articleCode}' },
  ];
  for (const r of rows) {
    const inn = add({ type: 'pyramid-shop-in', name: '', method: r.method, url: r.url, access: access.id, auth: r.auth, customerFrom: r.customerFrom ?? 'none', customerField: 'customerNumber', usernameField: 'username' });
    const pick = add({ type: 'change', name: `${r.op}: request`, rules: [jsonata('payload', r.pick)] });
    const check = add({ type: `pyramid-${r.type}`, name: `${r.op} (request)`, mode: 'validate', part: 'request', encoding: 'auto', output: 'buffer', split: 'none', batchSize: 100, invalid: 'fail', outputs: 1 });
    const call = add({ type: 'pyramid-ws', name: r.op, endpoint: wts.id, operation: r.op, debug: false });
    const answer = add({ type: 'pyramid-shop-response', name: '', mode: r.auth === 'login' ? 'login' : 'auto', statusCode: '' });
    if (r.status) chain(inn, pick, check, call, add({ type: 'change', name: 'status', rules: [jsonata('statusCode', r.status)] }), answer);
    else chain(inn, pick, check, call, answer);
  }
  return nodes;
}
