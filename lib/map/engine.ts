/**
 * The mapping engine: a table of rows `target <- expression` (JSONata 2.x) or a typed value,
 * compiled once per configuration and run per msg. Optionally a list mode: for each record of a
 * source list, kept only when the filter holds (and grouped by a key when asked), one output
 * record; an empty source or a filter that keeps nothing gives an empty list, never an error.
 * A record whose row fails is set aside with a reason naming the row, the record's key and the
 * value; the other records go on.
 */
import { DECIMAL_FUNCTIONS } from './decimal';
import { parseTarget, pathText, setPath, type Segment } from './paths';
import { MapError, rowErrorText, type MapConfig, type MapResult, type MapRow, type RowError, type RunContext, type ValueType, VALUE_TYPES, type InvalidMapRecord } from './types';
import { asList, compileExpr, errorMessage, holds, isEmpty, plain, type Expr } from './values';

export { MapError, rowErrorText, VALUE_TYPES, type MapConfig, type MapResult, type MapRow, type RowError, type RunContext, type ValueType, type InvalidMapRecord };

type Item =
  | { kind: 'value'; row: number; target: string; dest: ReturnType<typeof parseTarget>; get: Getter; required: boolean }
  | { kind: 'list'; row: number; target: string; path: Segment[]; expr: Expr; items: Item[] };

type Getter = { kind: 'const'; value: unknown } | { kind: 'expr'; expr: Expr } | { kind: 'typed'; type: 'msg' | 'flow' | 'global' | 'env'; value: string };

/** A compiled mapping: build it once per configuration, `run` it per msg. */
export class Mapping {
  readonly config: MapConfig;
  /** Problems found when compiling (bad expressions, bad targets): the mapping cannot run while there are any. */
  readonly problems: RowError[] = [];
  private readonly items: Item[] = [];
  /** List mode: the variable rows at the top of the table, worked out once per msg against the whole input. */
  private readonly header: Item[] = [];
  private readonly source?: Expr;
  private readonly filter?: Expr;
  private readonly groupBy?: Expr;
  private readonly keyFields: readonly string[];

  constructor(config: MapConfig) {
    this.config = config;
    this.keyFields = config.keyFields ?? [];
    const part = (what: string, text: string | undefined): Expr | undefined => {
      if (!text || !text.trim()) return undefined;
      try {
        return compileExpr(text);
      } catch (e) {
        this.problems.push({ row: 0, target: what, message: (e as Error).message });
        return undefined;
      }
    };
    if (config.list) {
      this.source = part('source', config.source);
      this.filter = part('filter', config.filter);
      this.groupBy = part('group by', config.groupBy);
    }
    this.items = this.compileRows(config.rows.map((r, i) => ({ r, row: i + 1 })), '');
    if (config.list) {
      while (this.items.length && this.items[0].kind === 'value' && this.items[0].dest.kind === 'variable') this.header.push(this.items.shift() as Item);
    }
  }

  private compileRows(rows: { r: MapRow; row: number }[], prefix: string): Item[] {
    const items: Item[] = [];
    const lists = new Map<string, Extract<Item, { kind: 'list' }>>();
    const pending = new Map<string, { r: MapRow; row: number }[]>();
    for (const { r, row } of rows) {
      const target = String(r.target ?? '').trim();
      const fail = (message: string): void => {
        this.problems.push({ row, target: prefix + target || '(no target)', message });
      };
      let dest: ReturnType<typeof parseTarget>;
      try {
        dest = parseTarget(target);
      } catch (e) {
        fail((e as Error).message);
        continue;
      }
      if (dest.kind === 'child') {
        const list = lists.get(dest.list);
        if (!list) {
          fail(`the list ${dest.list}[] must have its own row above this one ("${dest.list}[]" <- the list to map)`);
          continue;
        }
        const p = pending.get(dest.list) ?? [];
        p.push({ r: { ...r, target: dest.rest }, row });
        pending.set(dest.list, p);
        continue;
      }
      if (dest.kind === 'msg' && (this.config.list || prefix)) {
        fail('msg properties can be set only when the mapping is not a list');
        continue;
      }
      const type = r.type ?? 'jsonata';
      if (dest.kind === 'list') {
        if (type !== 'jsonata') {
          fail('a list row takes an expression (the list to map)');
          continue;
        }
        try {
          const item: Extract<Item, { kind: 'list' }> = { kind: 'list', row, target: prefix + target, path: dest.path, expr: compileExpr(r.value || '$'), items: [] };
          lists.set(pathText(dest.path), item);
          items.push(item);
        } catch (e) {
          fail((e as Error).message);
        }
        continue;
      }
      let get: Getter;
      try {
        get = this.getter(type, r.value ?? '');
      } catch (e) {
        fail((e as Error).message);
        continue;
      }
      items.push({ kind: 'value', row, target: prefix + target, dest, get, required: !!r.required });
    }
    for (const [name, list] of lists) {
      list.items = this.compileRows(pending.get(name) ?? [], `${name}[].`);
    }
    return items;
  }

  private getter(type: ValueType, value: string): Getter {
    switch (type) {
      case 'jsonata':
        if (!value.trim()) throw new Error('the expression is empty');
        return { kind: 'expr', expr: compileExpr(value) };
      case 'str':
        return { kind: 'const', value };
      case 'num': {
        const n = Number(value);
        if (value.trim() === '' || !Number.isFinite(n)) throw new Error(`"${value}" is not a number`);
        return { kind: 'const', value: n };
      }
      case 'bool':
        if (value !== 'true' && value !== 'false') throw new Error(`"${value}" is not true or false`);
        return { kind: 'const', value: value === 'true' };
      case 'json':
        try {
          return { kind: 'const', value: JSON.parse(value) };
        } catch (e) {
          throw new Error(`not JSON: ${(e as Error).message}`, { cause: e });
        }
      case 'msg':
      case 'flow':
      case 'global':
      case 'env':
        if (!value.trim()) throw new Error(`the ${type} property is empty`);
        return { kind: 'typed', type, value };
      default:
        throw new Error(`unknown value type "${String(type)}"`);
    }
  }

  /** The record's key for error texts: `articleCode 00123`. */
  keyOf(record: unknown): string | undefined {
    if (!record || typeof record !== 'object') return undefined;
    const r = record as Record<string, unknown>;
    const parts = this.keyFields.filter((k) => r[k] !== undefined && r[k] !== null && r[k] !== '').map((k) => `${k} ${String(r[k])}`);
    return parts.length ? parts.join(', ') : undefined;
  }

  /** Maps one input. Throws a MapError only when the mapping has problems or the list source fails. */
  async run(input: unknown, ctx: RunContext = {}): Promise<MapResult> {
    if (this.problems.length) {
      throw new MapError(`the mapping has errors: ${this.problems.map(rowErrorText).join('; ')}`, 'MAP_CONFIG', this.problems);
    }
    const result: MapResult = { output: undefined, invalid: [], read: 0, filtered: 0, msg: [], rowErrors: {} };
    const typedCache = new Map<string, unknown>();
    const base: Record<string, unknown> = {
      ...DECIMAL_FUNCTIONS,
      msg: ctx.msg,
      source: input,
      env: (name: unknown) => (ctx.env && typeof name === 'string' ? ctx.env(name) : undefined),
      flowContext: (key: unknown) => (ctx.flow && typeof key === 'string' ? ctx.flow(key) : undefined),
      globalContext: (key: unknown) => (ctx.global && typeof key === 'string' ? ctx.global(key) : undefined),
      ...ctx.bindings,
    };
    const note = (e: RowError): void => {
      if (!result.rowErrors[e.row]) result.rowErrors[e.row] = e;
    };
    const typed = (g: Extract<Getter, { kind: 'typed' }>): unknown => {
      const k = `${g.type}:${g.value}`;
      if (!typedCache.has(k)) typedCache.set(k, ctx.typed ? ctx.typed(g.type, g.value) : undefined);
      return typedCache.get(k);
    };

    const evalItems = async (
      items: Item[],
      record: unknown,
      bindings: Record<string, unknown>,
      errors: RowError[],
      msgSets: MapResult['msg'] | null,
      exportVars?: Record<string, unknown>,
    ): Promise<Record<string, unknown>> => {
      const out: Record<string, unknown> = {};
      const vars: Record<string, unknown> = { ...bindings, out, record };
      for (const item of items) {
        const fail = (e: unknown): void => {
          const { message, value } = errorMessage(e);
          const err: RowError = { row: item.row, target: item.target, message };
          if (value !== undefined) err.value = value;
          errors.push(err);
        };
        if (item.kind === 'list') {
          let list: unknown[];
          try {
            list = asList(await item.expr.evaluate(record, vars));
          } catch (e) {
            fail(e);
            continue;
          }
          const mapped: unknown[] = [];
          for (let i = 0; i < list.length; i++) {
            mapped.push(await evalItems(item.items, list[i], { ...vars, parent: record, index: i }, errors, null));
          }
          try {
            setPath(out, item.path, mapped);
          } catch (e) {
            fail(e);
          }
          continue;
        }
        let v: unknown;
        try {
          v = item.get.kind === 'const' ? item.get.value : item.get.kind === 'typed' ? typed(item.get) : await item.get.expr.evaluate(record, vars);
          // a variable may hold a function for later rows; what is written must be a plain value
          if (item.dest.kind !== 'variable') v = plain(v);
        } catch (e) {
          fail(e);
          continue;
        }
        if (item.required && isEmpty(v)) {
          errors.push({ row: item.row, target: item.target, message: 'has no value, and the row is required', value: v === undefined ? undefined : v });
          continue;
        }
        const d = item.dest;
        if (d.kind === 'variable') {
          vars[d.name] = v;
          continue;
        }
        if (v === undefined) continue;
        if (d.kind === 'msg') {
          msgSets?.push({ path: d.path, value: v });
          continue;
        }
        if (d.kind !== 'field') continue;
        try {
          setPath(out, d.path, v);
        } catch (e) {
          errors.push({ row: item.row, target: item.target, message: (e as Error).message, value: v });
        }
      }
      if (exportVars) {
        for (const item of items) if (item.kind === 'value' && item.dest.kind === 'variable') exportVars[item.dest.name] = vars[item.dest.name];
      }
      return out;
    };

    if (!this.config.list) {
      result.read = 1;
      const errors: RowError[] = [];
      const msgSets: MapResult['msg'] = [];
      const out = await evalItems(this.items, input, base, errors, msgSets);
      const key = this.keyOf(input);
      for (const e of errors) {
        if (key) e.key = key;
        note(e);
      }
      if (errors.length) {
        result.invalid.push({ index: 0, key, record: input, reason: errors.map(rowErrorText).join('; '), errors, partial: out });
      } else {
        result.output = out;
        result.msg = msgSets;
      }
      return result;
    }

    // variable rows above every other row: once per msg, against the whole input (tables, $env values, lookups)
    if (this.header.length) {
      const errors: RowError[] = [];
      await evalItems(this.header, input, base, errors, null, base);
      if (errors.length) {
        errors.forEach(note);
        throw new MapError(`the mapping failed for the whole input: ${errors.map(rowErrorText).join('; ')}`, 'MAP_INPUT', errors);
      }
    }

    let records: unknown[];
    try {
      records = this.source ? asList(await this.source.evaluate(input, base)) : asList(input);
    } catch (e) {
      const err: RowError = { row: 0, target: 'source', ...errorMessage(e) };
      note(err);
      throw new MapError(`the list source failed: ${err.message}`, 'MAP_SOURCE', [err]);
    }
    result.read = records.length;
    const failRecord = (index: number, record: unknown, errors: RowError[], partial?: unknown): void => {
      const key = this.keyOf(record);
      for (const e of errors) {
        e.record = index;
        if (key) e.key = key;
        note(e);
      }
      result.invalid.push({ index, key, record, reason: errors.map(rowErrorText).join('; '), errors, partial });
    };

    // the filter, record by record
    const kept: { index: number; record: unknown }[] = [];
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      if (!this.filter) {
        kept.push({ index: i, record });
        continue;
      }
      try {
        if (holds(await this.filter.evaluate(record, { ...base, index: i, record }))) kept.push({ index: i, record });
        else result.filtered++;
      } catch (e) {
        failRecord(i, record, [{ row: 0, target: 'filter', ...errorMessage(e) }]);
      }
    }

    // groups: the first record stands for its group; all of them are $group
    let units: { index: number; record: unknown; group: unknown[] }[];
    if (this.groupBy) {
      const groups = new Map<string, { index: number; record: unknown; group: unknown[] }>();
      units = [];
      for (const k of kept) {
        let g: unknown;
        try {
          g = await this.groupBy.evaluate(k.record, { ...base, index: k.index, record: k.record });
        } catch (e) {
          failRecord(k.index, k.record, [{ row: 0, target: 'group by', ...errorMessage(e) }]);
          continue;
        }
        const id = JSON.stringify(g ?? null);
        const have = groups.get(id);
        if (have) have.group.push(k.record);
        else {
          const u = { index: k.index, record: k.record, group: [k.record] };
          groups.set(id, u);
          units.push(u);
        }
      }
    } else {
      units = kept.map((k) => ({ ...k, group: [k.record] }));
    }

    const output: unknown[] = [];
    for (const u of units) {
      const errors: RowError[] = [];
      const out = await evalItems(this.items, u.record, { ...base, index: u.index, group: u.group }, errors, null);
      if (errors.length) failRecord(u.index, u.record, errors, out);
      else output.push(out);
    }
    result.output = output;
    return result;
  }
}

/** Compiles a mapping; the same as `new Mapping(config)`. */
export function compileMapping(config: MapConfig): Mapping {
  return new Mapping(config);
}
