/**
 * Exact money for mapping expressions: functions on the model's decimal strings ("12.50"), built on
 * our own exact BigInt decimal (bigdecimal.ts), that return decimal strings. No binary float ever
 * holds a price: a JSON number given as an argument is read through its shortest decimal text
 * (String(n)), and nothing is converted back to a number.
 *
 * Registered into every pyramid-map JSONata expression under names that do not shadow JSONata's own
 * ($round, $sum, $max, $min ... keep their float semantics):
 *   $decAdd, $decSub, $decMul, $decDiv, $decRound, $decEnding, $decFixed, $decTrim, $decCompare,
 *   $decMax, $decMin, $decSum, $decAbs, $decNeg, $decIsDecimal, $vatAdd, $vatRemove, $vatRate.
 * Every function gives undefined for an undefined argument (JSONata's rule for a missing field), so a
 * row whose source field is absent leaves its target out instead of failing.
 */
import { BigDecimal, type Rounding } from './bigdecimal';

/** Sums and products exact to 60 significant digits, quotients rounded half-up to 60. */
type Dec = BigDecimal;
const dec = (text: string): Dec => BigDecimal.parse(text);

export class DecimalError extends Error {
  readonly value: unknown;
  constructor(message: string, value: unknown) {
    super(message);
    this.name = 'DecimalError';
    this.value = value;
  }
}

const ZERO = dec('0');
const ONE = dec('1');
const HUNDRED = dec('100');
const MINUS_100 = dec('-100');

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 39) + '…' : v);
  if (v === null) return 'null';
  if (typeof v === 'object') return Array.isArray(v) ? 'a list' : 'an object';
  return String(v);
}

/** Decimals after the point of a decimal text ("12.50" -> 2, "3" -> 0). */
function scaleOf(text: string): number {
  const i = text.indexOf('.');
  return i < 0 ? 0 : text.length - i - 1;
}

interface Parsed {
  d: Dec;
  scale: number;
}

/** Reads a decimal string ("12.50", "12,50", " 7 ") or a finite number. */
function parse(v: unknown, fn: string, what = 'value'): Parsed {
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new DecimalError(`$${fn}: ${what} ${show(v)} is not a finite number`, v);
    text = String(v);
    if (/e/i.test(text)) text = dec(text).toFixed();
  } else if (typeof v === 'string') {
    text = v.trim().replace(',', '.');
  } else {
    throw new DecimalError(`$${fn}: ${what} ${show(v)} is not a decimal`, v);
  }
  if (!DECIMAL_TEXT.test(text)) throw new DecimalError(`$${fn}: ${what} ${show(v)} is not a decimal`, v);
  return { d: dec(text), scale: scaleOf(text) };
}

/** Text of d with exactly `scale` decimals (d must already fit). Never exponent notation; no "-0". */
function text(d: Dec, scale: number): string {
  const s = d.toFixed(scale);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Text of d with at least `min` decimals, more only when needed (trailing zeros beyond min trimmed). */
function textMin(d: Dec, min: number): string {
  const exact = d.toFixed();
  const s = Math.max(min, scaleOf(exact));
  return text(d, s);
}

/** Every given value that is not undefined, lists flattened (JSONata sequences are arrays). */
function flat(args: unknown[]): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown): void => {
    if (v === undefined) return;
    if (Array.isArray(v)) v.forEach(walk);
    else out.push(v);
  };
  args.forEach(walk);
  return out;
}

export type RoundMode = 'half-up' | 'half-even' | 'half-down' | 'up' | 'down' | 'ceil' | 'floor';

const MODES: Record<RoundMode, Rounding> = {
  'half-up': 'half-up',
  'half-even': 'half-even',
  'half-down': 'half-down',
  up: 'up',
  down: 'down',
  ceil: 'ceil',
  floor: 'floor',
};

function modeOf(mode: unknown, fn: string): Rounding {
  if (mode === undefined || mode === null || mode === '') return 'half-up';
  const m = Object.prototype.hasOwnProperty.call(MODES, String(mode)) ? MODES[String(mode) as RoundMode] : undefined;
  if (m === undefined) throw new DecimalError(`$${fn}: rounding mode ${show(mode)} is not one of ${Object.keys(MODES).join(', ')}`, mode);
  return m;
}

/** Decimals a result rounded to `step` gets: the step's own, and at least 2 (öre) for a step below 1. */
function stepScale(step: Parsed): number {
  return step.d.lt(ONE) ? Math.max(2, step.scale) : step.scale;
}

function roundToStep(v: Dec, step: Parsed, mode: Rounding): Dec {
  return v.div(step.d).toDecimalPlaces(0, mode).mul(step.d);
}

const missing = (...a: unknown[]): boolean => a.some((x) => x === undefined);

// ---- the functions ---------------------------------------------------------------------------

/** a + b (+ c ...): as many decimals as the most precise argument ("12.50" + "1" = "13.50"). */
export function decAdd(...args: unknown[]): string | undefined {
  if (!args.length || missing(...args)) return undefined;
  const ps = args.map((a, i) => parse(a, 'decAdd', `argument ${i + 1}`));
  const sum = ps.slice(1).reduce((s, p) => s.add(p.d), ps[0].d);
  return text(sum, Math.max(...ps.map((p) => p.scale)));
}

/** a - b: as many decimals as the more precise argument. */
export function decSub(a: unknown, b: unknown): string | undefined {
  if (missing(a, b)) return undefined;
  const x = parse(a, 'decSub', 'argument 1');
  const y = parse(b, 'decSub', 'argument 2');
  return text(x.d.sub(y.d), Math.max(x.scale, y.scale));
}

/** a × b, exact: trailing zeros trimmed down to the more precise argument's decimals ("12.50" × "2" = "25.00"). */
export function decMul(a: unknown, b: unknown): string | undefined {
  if (missing(a, b)) return undefined;
  const x = parse(a, 'decMul', 'argument 1');
  const y = parse(b, 'decMul', 'argument 2');
  return textMin(x.d.mul(y.d), Math.max(x.scale, y.scale));
}

/**
 * a ÷ b. With `decimals`, rounded to that many decimals (half-up, or `mode`); without, exact when
 * the quotient ends within 20 decimals, else rounded half-up to 20. Dividing by zero is an error.
 */
export function decDiv(a: unknown, b: unknown, decimals?: unknown, mode?: unknown): string | undefined {
  if (missing(a, b)) return undefined;
  const x = parse(a, 'decDiv', 'argument 1');
  const y = parse(b, 'decDiv', 'argument 2');
  if (y.d.isZero()) throw new DecimalError(`$decDiv: division of ${show(a)} by zero`, b);
  const q = x.d.div(y.d);
  if (decimals === undefined || decimals === null) return textMin(q.toDecimalPlaces(20, 'half-up'), 0);
  const n = Number(decimals);
  if (!Number.isInteger(n) || n < 0 || n > 20) throw new DecimalError(`$decDiv: decimals ${show(decimals)} is not a whole number 0..20`, decimals);
  return text(q.toDecimalPlaces(n, modeOf(mode, 'decDiv')), n);
}

/**
 * Rounds to a multiple of `step` (1, 10, "0.10", "0.05", "0.5" ...), half-up by default; `mode` is
 * half-up | half-even | half-down | up (away from zero) | down (toward zero) | ceil | floor.
 * The result has the step's decimals, and at least two for a step below 1:
 * ("149.50", 1) -> "150"; ("149.44", "0.10") -> "149.40"; ("149.44", 0.05) -> "149.45".
 */
export function decRound(value: unknown, step?: unknown, mode?: unknown): string | undefined {
  if (value === undefined) return undefined;
  const v = parse(value, 'decRound');
  const s = parse(step === undefined || step === null ? '1' : step, 'decRound', 'step');
  if (s.d.lte(ZERO)) throw new DecimalError(`$decRound: step ${show(step)} must be above 0`, step);
  return text(roundToStep(v.d, s, modeOf(mode, 'decRound')), stepScale(s));
}

/**
 * A "psychological" price: the price that ends in `ending` (".90", "9", "9.90", "95") nearest above
 * (mode "up", default), below ("down") or either way ("nearest", ties up). An ending with k digits
 * before the point repeats every 10^k: (149.44, ".90") -> "149.90"; (150.20, ".90") -> "150.90";
 * (150.20, ".90", "down") -> "149.90"; (141, "9") -> "149"; (141.20, "9.00") -> "149.00".
 */
export function decEnding(value: unknown, ending: unknown, mode?: unknown): string | undefined {
  if (value === undefined || ending === undefined) return undefined;
  const v = parse(value, 'decEnding');
  const endText = typeof ending === 'string' ? ending.trim().replace(',', '.') : String(ending);
  const e = parse(endText.startsWith('.') ? '0' + endText : endText, 'decEnding', 'ending');
  if (e.d.isNeg()) throw new DecimalError(`$decEnding: ending ${show(ending)} must not be negative`, ending);
  const intDigits = endText.startsWith('.') ? 0 : endText.split('.')[0].replace(/^[+]/, '').length;
  const unit = BigDecimal.pow10(intDigits);
  const m = mode === undefined || mode === null || mode === '' ? 'up' : String(mode);
  if (!['up', 'down', 'nearest'].includes(m)) throw new DecimalError(`$decEnding: mode ${show(mode)} is not one of up, down, nearest`, mode);
  // candidates are k*unit + e: the one at or above, and the one below
  const k = v.d.sub(e.d).div(unit).ceil();
  const above = k.mul(unit).add(e.d);
  const below = above.sub(unit);
  let r: Dec;
  if (m === 'up') r = above;
  else if (m === 'down') r = above.eq(v.d) ? above : below;
  else r = above.sub(v.d).lte(v.d.sub(below)) ? above : below;
  return text(r, Math.max(e.scale, 0));
}

/** Exactly `decimals` decimals, rounded half-up (or `mode`): ("12.5", 2) -> "12.50"; ("1.005", 2) -> "1.01". */
export function decFixed(value: unknown, decimals?: unknown, mode?: unknown): string | undefined {
  if (value === undefined) return undefined;
  const v = parse(value, 'decFixed');
  const n = decimals === undefined || decimals === null ? 2 : Number(decimals);
  if (!Number.isInteger(n) || n < 0 || n > 20) throw new DecimalError(`$decFixed: decimals ${show(decimals)} is not a whole number 0..20`, decimals);
  return text(v.d.toDecimalPlaces(n, modeOf(mode, 'decFixed')), n);
}

/** Without trailing zeros: "25.00" -> "25", "12.50" -> "12.5". */
export function decTrim(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return textMin(parse(value, 'decTrim').d, 0);
}

/** -1, 0 or 1 as a < b, a = b, a > b ("12.5" = "12.50"). */
export function decCompare(a: unknown, b: unknown): number | undefined {
  if (missing(a, b)) return undefined;
  return parse(a, 'decCompare', 'argument 1').d.cmp(parse(b, 'decCompare', 'argument 2').d);
}

function pick(fn: string, args: unknown[], better: (a: Dec, b: Dec) => boolean): string | undefined {
  const values = flat(args);
  if (!values.length) return undefined;
  let best: { v: unknown; p: Parsed } | undefined;
  values.forEach((v, i) => {
    const p = parse(v, fn, `value ${i + 1}`);
    if (!best || better(p.d, best.p.d)) best = { v, p };
  });
  const b = best as unknown as { p: Parsed };
  return text(b.p.d, b.p.scale);
}

/** The largest of the values (arguments or lists), as written: $decMax(stock, "0"). */
export function decMax(...args: unknown[]): string | undefined {
  return pick('decMax', args, (a, b) => a.gt(b));
}

/** The smallest of the values (arguments or lists). */
export function decMin(...args: unknown[]): string | undefined {
  return pick('decMin', args, (a, b) => a.lt(b));
}

/** The sum of a list (or of several arguments); "0" for an empty list; the most precise value's decimals. */
export function decSum(...args: unknown[]): string {
  const ps = flat(args).map((v, i) => parse(v, 'decSum', `value ${i + 1}`));
  const sum = ps.reduce((s, p) => s.add(p.d), ZERO);
  return text(sum, ps.length ? Math.max(...ps.map((p) => p.scale)) : 0);
}

export function decAbs(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const v = parse(value, 'decAbs');
  return text(v.d.abs(), v.scale);
}

export function decNeg(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const v = parse(value, 'decNeg');
  return text(v.d.neg(), v.scale);
}

/** Whether a value reads as a decimal (for filters): "12,50" yes, "12.5x" no, undefined no. */
export function decIsDecimal(value: unknown): boolean {
  try {
    parse(value, 'decIsDecimal');
    return true;
  } catch {
    return false;
  }
}

function percentOf(percent: unknown, fn: string): Dec {
  const p = parse(percent, fn, 'percent').d;
  if (p.lte(MINUS_100)) throw new DecimalError(`$${fn}: percent ${show(percent)} must be above -100`, percent);
  return p;
}

/** value × (100 + percent) / 100, rounded to `step` (default "0.01", half-up): ("100", 25) -> "125.00"; ("11.96", 25) -> "14.95". */
export function vatAdd(value: unknown, percent: unknown, step?: unknown, mode?: unknown): string | undefined {
  if (missing(value, percent)) return undefined;
  const v = parse(value, 'vatAdd').d;
  const p = percentOf(percent, 'vatAdd');
  const s = parse(step === undefined || step === null ? '0.01' : step, 'vatAdd', 'step');
  if (s.d.lte(ZERO)) throw new DecimalError(`$vatAdd: step ${show(step)} must be above 0`, step);
  return text(roundToStep(v.mul(p.add(HUNDRED)).div(HUNDRED), s, modeOf(mode, 'vatAdd')), stepScale(s));
}

/** value × 100 / (100 + percent), rounded to `step` (default "0.01", half-up): ("125.00", 25) -> "100.00". */
export function vatRemove(value: unknown, percent: unknown, step?: unknown, mode?: unknown): string | undefined {
  if (missing(value, percent)) return undefined;
  const v = parse(value, 'vatRemove').d;
  const p = percentOf(percent, 'vatRemove');
  const s = parse(step === undefined || step === null ? '0.01' : step, 'vatRemove', 'step');
  if (s.d.lte(ZERO)) throw new DecimalError(`$vatRemove: step ${show(step)} must be above 0`, step);
  return text(roundToStep(v.mul(HUNDRED).div(p.add(HUNDRED)), s, modeOf(mode, 'vatRemove')), stepScale(s));
}

/**
 * The VAT rate in percent that `vat` is of `net`, to `decimals` (default 0: Swedish rates are whole
 * percents, and öre rounding makes 1.43 of 5.70 read 25.09) half-up, trailing zeros trimmed; "0"
 * when net is 0: ("100.00", "25.00") -> "25"; ("5.70", "1.43") -> "25"; ("5.70", "1.43", 1) -> "25.1".
 */
export function vatRate(net: unknown, vat: unknown, decimals?: unknown): string | undefined {
  if (missing(net, vat)) return undefined;
  const n = parse(net, 'vatRate', 'net').d;
  const t = parse(vat, 'vatRate', 'vat').d;
  if (n.isZero()) return '0';
  const k = decimals === undefined || decimals === null ? 0 : Number(decimals);
  if (!Number.isInteger(k) || k < 0 || k > 10) throw new DecimalError(`$vatRate: decimals ${show(decimals)} is not a whole number 0..10`, decimals);
  return textMin(t.mul(HUNDRED).div(n).toDecimalPlaces(k, 'half-up'), 0);
}

/** The functions by the name they have in expressions (without the $). */
export const DECIMAL_FUNCTIONS: Readonly<Record<string, (...args: never[]) => unknown>> = Object.freeze({
  decAdd,
  decSub,
  decMul,
  decDiv,
  decRound,
  decEnding,
  decFixed,
  decTrim,
  decCompare,
  decMax,
  decMin,
  decSum,
  decAbs,
  decNeg,
  decIsDecimal,
  vatAdd,
  vatRemove,
  vatRate,
});
