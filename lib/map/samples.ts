/**
 * The Pyramid samples the mapping dialog previews against, one per message document ("article",
 * "login.request", ...): the catalogue's own examples (lib/messages/examples), with a request's
 * secret fields (the login password) masked. Nothing shipped reads test/.
 */
import { catalogue, partsOf } from '../messages/registry';
import { exampleOf } from '../messages/examples';
import { requestSecrets } from '../messages/secrets';

/** How the preview shows a secret (the dialog's own mask, not the catalogue's `***`). */
const SHOWN = '••••••';

function masked(v: unknown, secrets: ReadonlySet<string>): unknown {
  if (Array.isArray(v)) return v.map((x) => masked(x, secrets));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, masked(x, secrets)]));
  return typeof v === 'string' && secrets.has(v) ? SHOWN : v;
}

function samples(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of catalogue) {
    for (const part of partsOf(d)) {
      const model = exampleOf(d.type, part);
      if (!model) continue;
      out[part === 'file' ? d.type : `${d.type}.${part}`] = part === 'request' ? masked(model, new Set(requestSecrets(d, model).values)) : model;
    }
  }
  return out;
}

/** One sample model per Pyramid message document, for the mapping preview. */
export const PYRAMID_SAMPLES: Readonly<Record<string, unknown>> = samples();
