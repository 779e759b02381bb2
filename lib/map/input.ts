/**
 * What a mapping reads. A message node that splits a big file sends its records in batches:
 * `msg.payload` is then the array of records and `msg.pyramid` names the list they belong to and
 * the file's header. Such a batch is read as the file it came from (`{ scope, articles: [...] }`),
 * so the same rows and list source work for a whole file and for each of its batches, and a batch
 * of another list of the same file (Kundpriser beside Prislistepriser) finds nothing to map.
 */
export function mappingInput(payload: unknown, pyramid: unknown): unknown {
  if (!Array.isArray(payload) || !pyramid || typeof pyramid !== 'object') return payload;
  const p = pyramid as { list?: unknown; header?: unknown };
  if (typeof p.list !== 'string' || !p.list) return payload;
  const header = p.header && typeof p.header === 'object' && !Array.isArray(p.header) ? (p.header as Record<string, unknown>) : {};
  return { ...header, [p.list]: payload };
}
