/**
 * Exact money: the decimal functions against worked examples, and against an independent
 * reference in BigInt over 10,000 random prices (no float anywhere in the reference).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  decAdd,
  decCompare,
  decDiv,
  decEnding,
  decFixed,
  decMax,
  decMin,
  decMul,
  decRound,
  decSub,
  decSum,
  decTrim,
  vatAdd,
  vatRate,
  vatRemove,
  DecimalError,
} from '../../lib/map/decimal';

describe('decimal functions: worked examples', () => {
  it('rounds to a step, half-up by default', () => {
    assert.equal(decRound('149.50', 1), '150');
    assert.equal(decRound('149.49', 1), '149');
    assert.equal(decRound('149.44', '0.10'), '149.40');
    assert.equal(decRound('149.45', '0.10'), '149.50');
    assert.equal(decRound('149.44', 0.1), '149.40');
    assert.equal(decRound('149.44', '0.05'), '149.45');
    assert.equal(decRound('149.42', 0.05), '149.40');
    assert.equal(decRound('149.425', '0.05'), '149.45');
    assert.equal(decRound('-2.5', 1), '-3');
    assert.equal(decRound('2.5', 1, 'half-even'), '2');
    assert.equal(decRound('2.01', 1, 'ceil'), '3');
    assert.equal(decRound('2.99', 1, 'floor'), '2');
    assert.equal(decRound('1234', 10), '1230');
    assert.equal(decRound(undefined, 1), undefined);
  });

  it('does not drift where binary floats do', () => {
    // 1.005 is 1.00499999999999989... as a float: Math.round(1.005 * 100) / 100 gives 1
    assert.equal(Math.round(1.005 * 100) / 100, 1);
    assert.equal(decRound('1.005', '0.01'), '1.01');
    assert.equal(decAdd('0.1', '0.2'), '0.3');
    assert.equal(decMul('19.99', '3'), '59.97');
    assert.equal(decSub('10.00', '9.99'), '0.01');
    assert.equal(decSum(['0.10', '0.20', '0.30']), '0.60');
  });

  it('adds and removes VAT to the öre', () => {
    assert.equal(vatAdd('100', 25), '125.00');
    assert.equal(vatAdd('11.96', 25), '14.95');
    assert.equal(vatAdd('1.90', '25'), '2.38');
    assert.equal(vatAdd('12.50', 12), '14.00');
    assert.equal(vatAdd('99.99', 6), '105.99');
    assert.equal(vatAdd('100', 25, 1), '125');
    assert.equal(vatRemove('125.00', 25), '100.00');
    assert.equal(vatRemove('14.95', 25), '11.96');
    assert.equal(vatRemove('2.38', 25), '1.90');
    assert.equal(vatRate('100.00', '25.00'), '25');
    assert.equal(vatRate('5.70', '1.43'), '25');
    assert.equal(vatRate('5.70', '1.43', 1), '25.1');
    assert.equal(vatRate('0', '0'), '0');
  });

  it('makes psychological prices', () => {
    assert.equal(decEnding('149.44', '.90'), '149.90');
    assert.equal(decEnding('149.90', '.90'), '149.90');
    assert.equal(decEnding('150.20', '.90'), '150.90');
    assert.equal(decEnding('150.20', '.90', 'down'), '149.90');
    assert.equal(decEnding('150.20', '.90', 'nearest'), '149.90');
    assert.equal(decEnding('150.50', '.90', 'nearest'), '150.90');
    assert.equal(decEnding('141', '9'), '149');
    assert.equal(decEnding('141.20', '9.00'), '149.00');
    assert.equal(decEnding('1234', '95'), '1295');
  });

  it('divides, compares, picks and formats', () => {
    assert.equal(decDiv('100', '3', 2), '33.33');
    assert.equal(decDiv('200', '3', 2), '66.67');
    assert.equal(decDiv('1', '8'), '0.125');
    assert.equal(decDiv('1992.00', 160, 2), '12.45');
    assert.throws(() => decDiv('1', '0'), /by zero/);
    assert.equal(decCompare('12.5', '12.50'), 0);
    assert.equal(decCompare('9.99', '10'), -1);
    assert.equal(decMax('3', '10.5', ['7']), '10.5');
    assert.equal(decMin(['3', '-1.25']), '-1.25');
    assert.equal(decMax(), undefined);
    assert.equal(decFixed('12.5', 2), '12.50');
    assert.equal(decTrim('25.00'), '25');
    assert.equal(decAdd('12,50', '1'), '13.50');
  });

  it('names the value that is not a decimal', () => {
    assert.throws(
      () => decRound('12,5x', 1),
      (e: unknown) => e instanceof DecimalError && /\$decRound: value "12,5x" is not a decimal/.test(e.message) && e.value === '12,5x',
    );
    assert.throws(() => vatAdd('100', 'tjugofem'), /percent "tjugofem"/);
    assert.throws(() => decRound('1', 0), /step 0 must be above 0/);
    assert.throws(() => decRound('1', 1, 'sometimes'), /rounding mode "sometimes"/);
  });
});

// ---- an independent reference: integers only ----------------------------------------------------

/** "149.44" -> { units: 14944n, scale: 2 } */
function toUnits(s: string): { units: bigint; scale: number } {
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const u = BigInt(i + f);
  return { units: neg ? -u : u, scale: f.length };
}

function fromUnits(units: bigint, scale: number): string {
  const neg = units < 0n;
  const a = (neg ? -units : units).toString().padStart(scale + 1, '0');
  const s = scale ? `${a.slice(0, -scale)}.${a.slice(-scale)}` : a;
  return neg && /[1-9]/.test(s) ? `-${s}` : s;
}

/** n / d rounded half away from zero (d > 0). */
function divHalfUp(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (2n * a + d) / (2n * d);
  return neg ? -q : q;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** value rounded to a step given in units of 10^-stepScale; result with `outScale` decimals. */
function refRound(value: string, step: string, outScale: number): string {
  const v = toUnits(value);
  const s = toUnits(step);
  const scale = Math.max(v.scale, s.scale);
  const vu = v.units * pow10(scale - v.scale);
  const su = s.units * pow10(scale - s.scale);
  const q = divHalfUp(vu, su) * su; // in units of 10^-scale
  return fromUnits(q * pow10(outScale) / pow10(scale), outScale);
}

function refVatAdd(value: string, percent: bigint): string {
  const v = toUnits(value);
  return fromUnits(divHalfUp(v.units * (100n + percent), pow10(v.scale)), 2);
}

function refVatRemove(value: string, percent: bigint): string {
  const v = toUnits(value);
  return fromUnits(divHalfUp(v.units * 10000n, pow10(v.scale) * (100n + percent)), 2);
}

/** A deterministic generator (the run can be repeated exactly). */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

describe('decimal functions against a BigInt reference, 10,000 random prices', () => {
  const next = rng(20261128);
  const prices: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const whole = Math.floor(next() * 10 ** (1 + Math.floor(next() * 7)));
    const decimals = Math.floor(next() * 5);
    const frac = decimals ? '.' + String(Math.floor(next() * 10 ** decimals)).padStart(decimals, '0') : '';
    prices.push(`${whole}${frac}`);
  }

  it('rounds to 1, 0.10 and 0.05 exactly as the reference', () => {
    for (const p of prices) {
      assert.equal(decRound(p, 1), refRound(p, '1', 0), `${p} to 1`);
      assert.equal(decRound(p, '0.10'), refRound(p, '0.10', 2), `${p} to 0.10`);
      assert.equal(decRound(p, '0.05'), refRound(p, '0.05', 2), `${p} to 0.05`);
      const neg = `-${p}`;
      assert.equal(decRound(neg, '0.05'), refRound(neg, '0.05', 2), `${neg} to 0.05`);
    }
  });

  it('adds and removes VAT (25, 12, 6, 0 %) exactly as the reference', () => {
    let floatDiffers = 0;
    for (const p of prices) {
      // what binary floats would have done
      if ((Math.round(Number(p) * 1.25 * 100) / 100).toFixed(2) !== refVatAdd(p, 25n)) floatDiffers++;
      for (const vat of [25n, 12n, 6n, 0n]) {
        assert.equal(vatAdd(p, Number(vat)), refVatAdd(p, vat), `${p} + ${vat} %`);
        assert.equal(vatRemove(p, String(vat)), refVatRemove(p, vat), `${p} - ${vat} %`);
      }
    }
    // floats get some of these wrong; the decimal functions none
    assert.ok(floatDiffers > 0, 'float arithmetic differs from the reference somewhere');
  });

  it('adds, subtracts and sums exactly as the reference', () => {
    const aligned = (p: string, scale: number): bigint => {
      const v = toUnits(p);
      return v.units * pow10(scale - v.scale);
    };
    for (let i = 0; i + 1 < prices.length; i += 2) {
      const [a, b] = [prices[i], prices[i + 1]];
      const scale = Math.max(toUnits(a).scale, toUnits(b).scale);
      assert.equal(decAdd(a, b), fromUnits(aligned(a, scale) + aligned(b, scale), scale), `${a} + ${b}`);
      assert.equal(decSub(a, b), fromUnits(aligned(a, scale) - aligned(b, scale), scale), `${a} - ${b}`);
    }
    const sum = prices.reduce((s, p) => s + aligned(p, 4), 0n);
    assert.equal(decSum(prices), fromUnits(sum, 4));
  });
});
