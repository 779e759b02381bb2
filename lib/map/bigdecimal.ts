/**
 * A small exact decimal for the money functions (decimal.ts): value = unscaled × 10^-scale, the
 * unscaled part a BigInt, the scale a whole number >= 0. Zero keeps a sign (-0), as IEEE and
 * decimal.js do, because decimal.ts tells "-0" apart from "0" where a sign is checked.
 *
 * Parsing, toFixed, toDecimalPlaces, ceil, abs and neg are exact. add, sub, mul and div are
 * correctly rounded to `precision` significant digits, half-up (60 by default: far beyond any
 * amount, so sums and products of prices are exact and a quotient carries 60 digits).
 */

export type Rounding = 'half-up' | 'half-even' | 'half-down' | 'up' | 'down' | 'ceil' | 'floor';

const NUMBER_TEXT = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?$/i;

/** The default number of significant digits add, sub, mul and div keep. */
export const DEFAULT_PRECISION = 60;

const TEN = 10n;
const pow10Cache: bigint[] = [];
function pow10(n: number): bigint {
  if (n < 64) {
    let p = pow10Cache[n];
    if (p === undefined) pow10Cache[n] = p = TEN ** BigInt(n);
    return p;
  }
  return TEN ** BigInt(n);
}

function digits(n: bigint): number {
  return n === 0n ? 1 : n.toString().length;
}

/**
 * num / den (num >= 0, den > 0) rounded to a whole number by `mode`; `negative` is the sign of the
 * true quotient, which the directed modes (ceil, floor) need.
 */
function roundQuotient(num: bigint, den: bigint, mode: Rounding, negative: boolean): bigint {
  const q = num / den;
  const r = num % den;
  if (r === 0n) return q;
  let up: boolean;
  switch (mode) {
    case 'up':
      up = true;
      break;
    case 'down':
      up = false;
      break;
    case 'ceil':
      up = !negative;
      break;
    case 'floor':
      up = negative;
      break;
    default: {
      const twice = r * 2n;
      if (twice > den) up = true;
      else if (twice < den) up = false;
      else if (mode === 'half-up') up = true;
      else if (mode === 'half-down') up = false;
      else up = (q & 1n) === 1n;
    }
  }
  return up ? q + 1n : q;
}

export class BigDecimal {
  /** Magnitude, >= 0. */
  readonly unscaled: bigint;
  /** Decimals, >= 0. */
  readonly scale: number;
  /** true for a value below zero and for -0. */
  readonly negative: boolean;
  /** Significant digits add, sub, mul and div round to (half-up). */
  readonly precision: number;

  private constructor(unscaled: bigint, scale: number, negative: boolean, precision: number) {
    this.unscaled = unscaled;
    this.scale = scale;
    this.negative = negative;
    this.precision = precision;
  }

  /** From a decimal text: "12.50", "-.5", "+3.", "1.5e-7", "2E+21". Anything else throws. */
  static parse(text: string, precision = DEFAULT_PRECISION): BigDecimal {
    const m = NUMBER_TEXT.exec(text);
    if (!m) throw new RangeError(`not a decimal: ${JSON.stringify(text.length > 40 ? text.slice(0, 39) + '…' : text)}`);
    const [, sign, body, exp] = m;
    const dot = body.indexOf('.');
    const intPart = dot < 0 ? body : body.slice(0, dot);
    const fracPart = dot < 0 ? '' : body.slice(dot + 1);
    const e = exp === undefined ? 0 : Number(exp);
    if (!Number.isSafeInteger(e) || Math.abs(e) > 1e6) throw new RangeError(`exponent out of range: ${JSON.stringify(text)}`);
    let unscaled = BigInt((intPart + fracPart).replace(/^0+(?=\d)/, '') || '0');
    let scale = fracPart.length - e;
    if (scale < 0) {
      unscaled *= pow10(-scale);
      scale = 0;
    }
    return new BigDecimal(unscaled, scale, sign === '-', precision);
  }

  /** From a whole number (a JS safe integer or a BigInt). */
  static of(n: number | bigint, precision = DEFAULT_PRECISION): BigDecimal {
    if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
    const b = BigInt(n);
    return new BigDecimal(b < 0n ? -b : b, 0, typeof n === 'number' ? n < 0 || Object.is(n, -0) : b < 0n, precision);
  }

  /** 10^n, n >= 0. */
  static pow10(n: number, precision = DEFAULT_PRECISION): BigDecimal {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a whole number >= 0: ${n}`);
    return new BigDecimal(pow10(n), 0, false, precision);
  }

  private make(unscaled: bigint, scale: number, negative: boolean): BigDecimal {
    return new BigDecimal(unscaled, scale, negative, this.precision);
  }

  /** Signed unscaled value at a scale >= this.scale. */
  private signedAt(scale: number): bigint {
    const u = this.unscaled * pow10(scale - this.scale);
    return this.negative ? -u : u;
  }

  /** This value rounded half-up to `precision` significant digits. */
  private toPrecision(): BigDecimal {
    const d = digits(this.unscaled) - this.precision;
    if (d <= 0) return this;
    const p = pow10(d);
    const q = roundQuotient(this.unscaled, p, 'half-up', this.negative);
    return this.make(q * p, this.scale, this.negative);
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  /** Below zero, or -0. */
  isNeg(): boolean {
    return this.negative;
  }

  abs(): BigDecimal {
    return this.negative ? this.make(this.unscaled, this.scale, false) : this;
  }

  neg(): BigDecimal {
    return this.make(this.unscaled, this.scale, !this.negative);
  }

  /** -1, 0 or 1 as this <, =, > y; -0 equals 0. */
  cmp(y: BigDecimal): number {
    const s = Math.max(this.scale, y.scale);
    const a = this.signedAt(s);
    const b = y.signedAt(s);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  eq(y: BigDecimal): boolean {
    return this.cmp(y) === 0;
  }

  lt(y: BigDecimal): boolean {
    return this.cmp(y) < 0;
  }

  lte(y: BigDecimal): boolean {
    return this.cmp(y) <= 0;
  }

  gt(y: BigDecimal): boolean {
    return this.cmp(y) > 0;
  }

  /** this + y, rounded to `precision` significant digits. An exact zero sum is +0, unless both are -0. */
  add(y: BigDecimal): BigDecimal {
    const s = Math.max(this.scale, y.scale);
    const sum = this.signedAt(s) + y.signedAt(s);
    const negative = sum === 0n ? this.negative && y.negative : sum < 0n;
    return this.make(sum < 0n ? -sum : sum, s, negative).toPrecision();
  }

  sub(y: BigDecimal): BigDecimal {
    return this.add(y.neg());
  }

  /** this × y, rounded to `precision` significant digits. */
  mul(y: BigDecimal): BigDecimal {
    return this.make(this.unscaled * y.unscaled, this.scale + y.scale, this.negative !== y.negative).toPrecision();
  }

  /** this ÷ y, correctly rounded half-up to `precision` significant digits. Throws for y = 0. */
  div(y: BigDecimal): BigDecimal {
    if (y.isZero()) throw new RangeError('division by zero');
    const negative = this.negative !== y.negative;
    if (this.isZero()) return this.make(0n, 0, negative);
    const a = this.unscaled;
    const b = y.unscaled;
    // a·10^k / b has at least precision+1 digits in its whole part
    const k = Math.max(0, this.precision + 1 + digits(b) - digits(a));
    const num = a * pow10(k);
    const drop = Math.max(0, digits(num / b) - this.precision);
    const q = roundQuotient(num, b * pow10(drop), 'half-up', negative);
    // value = q · 10^(drop - k - this.scale + y.scale)
    const scale = k + this.scale - y.scale - drop;
    return scale >= 0 ? this.make(q, scale, negative) : this.make(q * pow10(-scale), 0, negative);
  }

  /** Rounded to `dp` decimals (exact, no precision limit); a result of zero keeps the sign. */
  toDecimalPlaces(dp: number, mode: Rounding = 'half-up'): BigDecimal {
    if (!Number.isInteger(dp) || dp < 0) throw new RangeError(`decimal places not a whole number >= 0: ${dp}`);
    if (dp >= this.scale) return this;
    const q = roundQuotient(this.unscaled, pow10(this.scale - dp), mode, this.negative);
    return this.make(q, dp, this.negative);
  }

  /** The smallest whole number >= this. */
  ceil(): BigDecimal {
    return this.toDecimalPlaces(0, 'ceil');
  }

  /**
   * Plain notation (never an exponent). With `dp`, exactly dp decimals rounded half-up (or `mode`);
   * without, the exact value with no trailing zeros. "-" only for a value below zero ("-0" reads
   * "0", but -0.001 to 2 decimals reads "-0.00").
   */
  toFixed(dp?: number, mode: Rounding = 'half-up'): string {
    let u: bigint;
    let s: number;
    if (dp === undefined) {
      u = this.unscaled;
      s = this.scale;
      while (s > 0 && u % TEN === 0n) {
        u /= TEN;
        s--;
      }
    } else {
      const r = this.toDecimalPlaces(dp, mode);
      u = r.unscaled * pow10(dp - r.scale);
      s = dp;
    }
    let str = u.toString();
    if (s > 0) {
      if (str.length <= s) str = '0'.repeat(s - str.length + 1) + str;
      str = str.slice(0, str.length - s) + '.' + str.slice(str.length - s);
    }
    return this.negative && !this.isZero() ? '-' + str : str;
  }

  toString(): string {
    return this.toFixed();
  }
}
