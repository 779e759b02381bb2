/** What a mapping preset is, and the small helpers the preset files write their rows with. */
import type { MapRow } from '../engine';

/** A preset: plain rows (and list settings) the user loads into the dialog and then edits. */
export interface Preset {
  id: string;
  /** As the preset picker shows it: "Artikel → WooCommerce product". */
  name: string;
  /** What it does and what to change, one paragraph. */
  doc: string;
  /** The source the rows read (a sources.ts id). */
  sourceType: string;
  list: boolean;
  source?: string;
  filter?: string;
  groupBy?: string;
  rows: MapRow[];
}

/** A JSONata row. */
export function row(target: string, value: string, required = false): MapRow {
  return required ? { target, value, type: 'jsonata', required } : { target, value, type: 'jsonata' };
}

/** A typed-value row (string, number, boolean, json, msg, flow, global, env). */
export function typed(target: string, type: Exclude<MapRow['type'], 'jsonata' | undefined>, value: string): MapRow {
  return { target, value, type };
}
