/**
 * Reading and writing Pyramid's XML files by the simulator's own map (dialect.ts) with
 * fast-xml-parser: model -> bytes for the out-files, bytes -> model for the in-files, and the value
 * rules of the sheet (codes trimmed, decimals with "." or ",", yes/no as J/N, 1/0 or true/false,
 * dates also as yyyyMMdd). Unknown elements are kept under `extra` and written back.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { fileSpec, type Field, type Kind } from './dialect';
import { decodeFile, encodeFile, type CodePage } from './codepage';

type Model = Record<string, unknown>;
type Node = Record<string, unknown>;

/** A file or value the map cannot take: the text names the file, the element path and the value. */
export class FileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileError';
  }
}

const p2 = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 in local time with its offset, as Pyramid stamps `skapad` and `andrad`. */
export function localStamp(d: Date = new Date()): string {
  const off = -d.getTimezoneOffset();
  const a = Math.abs(off);
  const date = `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
  const time = `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
  return `${date}T${time}${off >= 0 ? '+' : '-'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

/** Sheet: `<Meddelande>_<yyyyMMddTHHmmssSSS>_<seq>.xml` for files out of Pyramid (local time). */
export function outFileName(type: string, now: Date, seq: number): string {
  const t = now;
  const stamp = `${t.getFullYear()}${p2(t.getMonth() + 1)}${p2(t.getDate())}T${p2(t.getHours())}${p2(t.getMinutes())}${p2(t.getSeconds())}${p2(t.getMilliseconds(), 3)}`;
  return `${fileSpec(type).root}_${stamp}_${p2(seq, 4)}.xml`;
}

const YES = new Set(['j', 'ja', '1', 'true', 'y', 'yes']);
const NO = new Set(['n', 'nej', '0', 'false', 'no']);

/** One value by its kind, from XML text or from a caller's JSON; undefined for empty. */
export function normalize(kind: Kind, v: unknown, where: string): unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') throw new FileError(`${where}: expected a value, got ${JSON.stringify(v)}`);
  const raw = String(v);
  if (kind === 'text') return raw; // kept exactly, an empty element too (a cleared text)
  const t = raw.trim();
  if (t === '') return undefined;
  switch (kind) {
    case 'code':
    case 'ts':
      return t;
    case 'dec': {
      // Swedish style too: a space (or no-break space) between thousands, a decimal comma
      const d = (/^[-+]?\d{1,3}([ \u00a0]\d{3})+([.,]\d*)?$/.test(t) ? t.replace(/[ \u00a0]/g, '') : t).replace(',', '.');
      if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(d)) throw new FileError(`${where}: "${t}" is not a decimal number`);
      return d.replace(/^\+/, '');
    }
    case 'int':
      if (!/^[-+]?\d+$/.test(t)) throw new FileError(`${where}: "${t}" is not a whole number`);
      return Number(t);
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (YES.has(t.toLowerCase())) return true;
      if (NO.has(t.toLowerCase())) return false;
      throw new FileError(`${where}: "${t}" is not yes/no (J/N, 1/0, true/false)`);
    case 'date': {
      const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(t);
      if (!m) throw new FileError(`${where}: "${t}" is not a date (YYYY-MM-DD)`);
      return `${m[1]}-${m[2]}-${m[3]}`;
    }
  }
}

function text(kind: Kind, v: unknown, where: string): string | undefined {
  const n = normalize(kind, v, where);
  if (n === undefined) return undefined;
  if (kind === 'bool') return n ? 'J' : 'N';
  return String(n);
}

/** A record of the model -> the builder's object for its element (fields in map order, then extras). */
function writeRecord(fields: Field[], rec: Model, where: string): Node {
  const out: Node = {};
  for (const f of fields) {
    const v = rec[f.key];
    const at = f.item ? [where, f.xml, f.item].filter(Boolean).join('/') : `${where}/${f.xml}`;
    if (v === undefined || v === null) {
      if (f.required) throw new FileError(`${at} (${f.key}) is required`);
      continue;
    }
    if (f.item) {
      if (!Array.isArray(v)) throw new FileError(`${at} (${f.key}): expected a list`);
      if (!v.length) {
        if (f.xml) out[f.xml] = ''; // an empty container: the list is empty now (not "unchanged")
        continue;
      }
      const items = v.map((x, i) => (f.fields ? writeRecord(f.fields, x as Model, `${at}[${i + 1}]`) : text(f.kind ?? 'text', x, `${at}[${i + 1}]`)));
      if (f.xml) out[f.xml] = { [f.item]: items };
      else out[f.item] = items;
    } else if (f.fields) {
      const g = writeRecord(f.fields, v as Model, at);
      if (Object.keys(g).length) out[f.xml] = g;
    } else {
      const t = text(f.kind ?? 'text', v, at);
      if (t === undefined) continue;
      if (f.xml.startsWith('@')) out[`@_${f.xml.slice(1)}`] = t;
      else if (f.attr && rec[f.attr.key] !== undefined) out[f.xml] = { [`@_${f.attr.name}`]: text(f.attr.kind, rec[f.attr.key], `${at}@${f.attr.name}`), '#text': t };
      else out[f.xml] = t;
    }
  }
  const extra = rec.extra;
  if (extra && typeof extra === 'object') for (const [k, v] of Object.entries(extra as Model)) out[k] = v;
  return out;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text', format: true, indentBy: '  ' });

/** Model -> file bytes: declaration naming the code page, root with version, skapad and omfattning. */
export function writeFile(type: string, model: Model, opts: { codePage: CodePage; now?: Date }): Buffer {
  const spec = fileSpec(type);
  const root: Node = { '@_version': '1', '@_skapad': localStamp(opts.now) };
  if (spec.scoped) root['@_omfattning'] = model.scope === 'delta' ? 'delta' : 'full';
  Object.assign(root, writeRecord(spec.body, model, spec.root));
  const xml = builder.build({ '?xml': { '@_version': '1.0', '@_encoding': opts.codePage }, [spec.root]: root }) as string;
  return encodeFile(xml, opts.codePage);
}

/** How the simulator reads XML with fast-xml-parser: text as it stands, attributes kept (ws-xml.ts too). */
export const PARSER_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
} as const;

const parser = new XMLParser(PARSER_OPTIONS);

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** An element's own text (a plain string, or `#text` beside attributes). */
function ownText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '#text' in v) return String((v as Node)['#text']);
  return undefined;
}

/** The parser's object for an element -> a record of the model, by the map. */
function readRecord(fields: Field[], node: Node, where: string, unknown: string[]): Model {
  const rec: Model = {};
  const known = new Set<string>(['#text']);
  for (const f of fields) {
    const at = f.item ? [where, f.xml, f.item].filter(Boolean).join('/') : `${where}/${f.xml}`;
    let v: unknown;
    if (f.item) {
      const items = f.xml ? list((node[f.xml] as Node | undefined)?.[f.item]) : list(node[f.item]);
      known.add(f.xml || f.item);
      if (f.xml && node[f.xml] !== undefined && typeof node[f.xml] !== 'object' && String(node[f.xml]).trim() !== '') throw new FileError(`${at}: expected <${f.item}> elements`);
      if (items.length || (f.xml && node[f.xml] !== undefined)) v = items.map((x, i) => (f.fields ? readRecord(f.fields, typeof x === 'object' ? (x as Node) : { '#text': x }, `${at}[${i + 1}]`, unknown) : normalize(f.kind ?? 'text', ownText(x), `${at}[${i + 1}]`)));
    } else if (f.fields) {
      known.add(f.xml);
      const g = node[f.xml];
      if (Array.isArray(g)) throw new FileError(`${at}: appears more than once`);
      if (g && typeof g === 'object') v = readRecord(f.fields, g as Node, at, unknown);
    } else if (f.xml.startsWith('@')) {
      v = normalize(f.kind ?? 'text', node[`@_${f.xml.slice(1)}`], `${where}@${f.xml.slice(1)}`);
    } else if (f.xml === '#text') {
      v = normalize(f.kind ?? 'text', node['#text'], where);
    } else {
      known.add(f.xml);
      const e = node[f.xml];
      if (Array.isArray(e)) throw new FileError(`${at}: appears more than once`);
      v = normalize(f.kind ?? 'text', ownText(e) ?? (e && typeof e === 'object' ? '' : e), at);
      if (f.attr && e && typeof e === 'object') {
        const a = normalize(f.attr.kind, (e as Node)[`@_${f.attr.name}`], `${at}@${f.attr.name}`);
        if (a !== undefined) rec[f.attr.key] = a;
      }
    }
    if (v === undefined && f.required) throw new FileError(`${at} (${f.key}) is required`);
    if (v !== undefined) rec[f.key] = v;
  }
  const extra: Model = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('@_') || known.has(k)) continue;
    extra[k] = v;
    unknown.push(`${where}/${k}`);
  }
  if (Object.keys(extra).length) rec.extra = extra;
  return rec;
}

/**
 * File bytes -> model, by the map; every problem names the file and the element. `unknown` lists
 * the elements the sheet does not know (kept under `extra`): the second opinion on a writer.
 */
export function readFile(type: string, bytes: Buffer, fileName: string): { model: Model; codePage: string; unknown: string[] } {
  const spec = fileSpec(type);
  try {
    const { text: xml, codePage } = decodeFile(bytes);
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new FileError(`not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
    const doc = parser.parse(xml) as Node;
    const rootName = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#'));
    if (rootName !== spec.root) throw new FileError(`the root element is <${rootName ?? ''}>, expected <${spec.root}>`);
    const root = (typeof doc[rootName] === 'object' ? doc[rootName] : {}) as Node;
    const unknown: string[] = [];
    const model = readRecord(spec.body, root, spec.root, unknown);
    if (root['@_version'] !== undefined) model.version = String(root['@_version']);
    if (root['@_skapad'] !== undefined) model.created = String(root['@_skapad']);
    if (spec.scoped && root['@_omfattning'] !== undefined) model.scope = String(root['@_omfattning']).trim();
    return { model, codePage, unknown };
  } catch (e) {
    throw new FileError(`${fileName}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Check and normalise one record given as JSON (the admin API's article change) by the map's fields. */
export function checkRecord(fields: Field[], rec: Model, where: string): Model {
  const out: Model = { ...rec };
  for (const f of fields) {
    const v = rec[f.key];
    const at = `${where}.${f.key}`;
    if (v === undefined || v === null || f.xml.startsWith('@')) continue;
    if (f.item) {
      if (!Array.isArray(v)) throw new FileError(`${at}: expected a list`);
      out[f.key] = v.map((x, i) => (f.fields ? checkRecord(f.fields, x as Model, `${at}[${i}]`) : normalize(f.kind ?? 'text', x, `${at}[${i}]`)));
    } else if (f.fields) {
      out[f.key] = checkRecord(f.fields, v as Model, at);
    } else {
      out[f.key] = normalize(f.kind ?? 'text', v, at);
      if (f.attr && rec[f.attr.key] !== undefined) out[f.attr.key] = normalize(f.attr.kind, rec[f.attr.key], `${where}.${f.attr.key}`);
    }
    if (f.required && out[f.key] === undefined) throw new FileError(`${at} is required`);
  }
  if (rec.extra !== undefined && (typeof rec.extra !== 'object' || rec.extra === null || Array.isArray(rec.extra))) throw new FileError(`${where}.extra: expected an object of element name -> value`);
  return out;
}
