/**
 * The admin endpoints behind the pyramid-ws dialogs' operation dropdown: the operations of a
 * deployed endpoint (read with its own credentials on the server), and of the endpoint as the open
 * dialog configures it, stored credentials only ever sent to the WSDL and service they were saved for.
 */
import { normaliseError, WsEndpoint } from '../../lib/ws';
import type { NodeAPI } from '../red';
import { dialogConfig, endpointOptions, operationsPayload, settingsKeyOf, targetOf, typedCredential, type EndpointNode, type WsCredentials } from './settings';

export function registerWsAdmin(RED: NodeAPI): void {
  // The editor's operation dropdown: the WSDL of a deployed endpoint, read with its own
  // credentials on the server (the editor never sees them).
  RED.httpAdmin.get('/pyramid-ws-endpoint/:id/operations', RED.auth.needsPermission('pyramid-ws-endpoint.read'), (req, res) => {
    const id: unknown = req.params.id;
    const node = typeof id === 'string' ? (RED.nodes.getNode(id) as EndpointNode | null) : null;
    if (!node || node.type !== 'pyramid-ws-endpoint') {
      res.status(404).json({ error: RED._('pyramid-ws.errors.not-deployed') });
      return;
    }
    if (!node.ws) {
      res.status(400).json({ error: node.configError?.message ?? RED._('pyramid-ws.errors.no-endpoint'), code: 'WS_CONFIG' });
      return;
    }
    const ws = node.ws;
    const refresh = req.query.refresh === 'true' || req.query.refresh === '1';
    (refresh ? ws.refresh() : ws.operations()).then(
      (ops) => res.json({ operations: operationsPayload(ops) }),
      (e: unknown) => {
        const err = normaliseError(e, '', ws.configSecrets);
        res.status(502).json({ error: err.message, code: err.code });
      },
    );
  });

  // The dialog's operation list: the WSDL as the endpoint is configured in the open dialog,
  // deployed or not. Unchanged settings of a deployed endpoint use its client (and its
  // credentials, which stay on the server); anything else builds a client for this one request,
  // with the credentials typed in the dialog, or the stored ones, but those only for the WSDL and
  // service URL they were saved for. Reading a WSDL the flow does not use yet needs write permission.
  // A WSDL that cannot be read is an answer with `error` (status 200), so the dialog says why.
  const readPermission = RED.auth.needsPermission('pyramid-ws-endpoint.read');
  const writePermission = RED.auth.needsPermission('pyramid-ws-endpoint.write');
  RED.httpAdmin.post('/pyramid-ws-endpoint/operations', readPermission, (req, res) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const id = typeof body.id === 'string' ? body.id : '';
    const refresh = body.refresh === true || body.refresh === 'true';
    const config = dialogConfig(body);
    if (!config.wsdl.trim()) {
      res.status(400).json({ error: RED._('pyramid-ws.errors.no-wsdl'), code: 'WS_CONFIG' });
      return;
    }
    const typed = { user: typeof body.user === 'string' ? body.user : undefined, password: typedCredential(body.password), authId: typedCredential(body.authId) };
    const deployed = id ? (RED.nodes.getNode(id) as EndpointNode | null) : null;
    const isDeployed = !!deployed && deployed.type === 'pyramid-ws-endpoint';
    const stored = isDeployed ? ((RED.nodes.getCredentials(id) as WsCredentials | undefined) ?? {}) : {};
    const sameCredentials =
      !typed.password && !typed.authId && (typed.user === undefined || typed.user === '' || typed.user === (stored.user ?? ''));
    const answer = (ws: WsEndpoint, secrets: readonly string[], closeAfter: boolean) => {
      (refresh && !closeAfter ? ws.refresh() : ws.operations()).then(
        (ops) => {
          if (closeAfter) ws.close();
          res.json({ operations: operationsPayload(ops), deployed: !closeAfter });
        },
        (e: unknown) => {
          if (closeAfter) ws.close();
          // an answer, not an HTTP failure: the dialog shows why (and the browser logs no error)
          const err = normaliseError(e, '', [...ws.configSecrets, ...secrets]);
          res.json({ operations: [], error: err.message, code: err.code });
        },
      );
    };
    if (isDeployed && deployed.ws && sameCredentials && deployed.settingsKey === settingsKeyOf(config)) {
      answer(deployed.ws, [], false);
      return;
    }
    writePermission(req, res, () => {
      const sameTarget = isDeployed && deployed.target === targetOf(config);
      const cred = {
        user: typed.user !== undefined && typed.user !== '' ? typed.user : sameTarget ? stored.user : undefined,
        password: typed.password ?? (sameTarget ? stored.password : undefined),
        authId: typed.authId ?? (sameTarget ? stored.authId : undefined),
      };
      const secrets = [cred.password, cred.authId].filter((x): x is string => !!x);
      let ws: WsEndpoint;
      try {
        ws = new WsEndpoint(endpointOptions(RED, config, cred));
      } catch (e) {
        const err = normaliseError(e, '', secrets);
        res.json({ operations: [], error: err.message, code: err.code });
        return;
      }
      answer(ws, secrets, true);
    });
  });
}
