/**
 * BigDecimal (lib/map/bigdecimal.ts) against decimal.js, which the money functions used before it:
 * 20,000 seeded random cases per operation and per rounding mode, decimal.js set up exactly as
 * decimal.ts had it (60 significant digits, half-up). decimal.js is the reference here only; it is
 * imported by this test and nowhere in lib/.
 * The seed is printed; rerun one with BIGDEC_SEED=<seed>.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import { BigDecimal, type Rounding } from '../../lib/map/bigdecimal';
import { rng } from '../support/rng';

const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
type Dec = InstanceType<typeof D>;

const CASES = 20_000;
const MODES: [Rounding, Decimal.Rounding][] = [
  ['half-up', Decimal.ROUND_HALF_UP],
  ['half-even', Decimal.ROUND_HALF_EVEN],
  ['half-down', Decimal.ROUND_HALF_DOWN],
  ['up', Decimal.ROUND_UP],
  ['down', Decimal.ROUND_DOWN],
  ['ceil', Decimal.ROUND_CEIL],
  ['floor', Decimal.ROUND_FLOOR],
];

const SEED = process.env.BIGDEC_SEED ? Number(process.env.BIGDEC_SEED) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;


/** Random decimal texts: signs, zeros and -0, ties (…5), runs of 9 and 0, long fractions, exponents. */
function generator(seed: number): () => string {
  const r = rng(seed);
  const int = (n: number): number => Math.floor(r() * n);
  const digitRun = (len: number): string => {
    const style = int(5);
    let s = '';
    for (let i = 0; i < len; i++) {
      if (style === 0) s += '9';
      else if (style === 1) s += i === len - 1 ? '5' : String(int(10));
      else if (style === 2) s += r() < 0.7 ? '0' : String(int(10));
      else s += String(int(10));
    }
    return s;
  };
  return () => {
    const pick = int(20);
    if (pick === 0) return ['0', '-0', '0.000', '-0.00', '+0', '.0', '-0e5', '0e-7'][int(8)];
    const sign = ['', '', '-', '-', '+'][int(5)];
    const lenSize = int(4);
    const intLen = lenSize === 0 ? int(3) : lenSize === 1 ? int(8) : lenSize === 2 ? int(25) : int(70);
    const fracLen = [0, int(4), int(12), int(45), int(90)][int(5)];
    let intPart = digitRun(intLen);
    const frac = digitRun(fracLen);
    if (!intPart && !frac) intPart = String(int(10));
    let body = intPart;
    if (frac || r() < 0.1) body += '.' + frac;
    if (!intPart) body = '.' + frac; // frac is not empty here: an empty int part got a digit above
    let exp = '';
    const e = int(12);
    if (e === 0) exp = 'e' + (int(2) ? '-' : '+') + int(400);
    else if (e === 1) exp = (int(2) ? 'E' : 'e') + (int(2) ? '' : '-') + int(30);
    return sign + body + exp;
  };
}

function pair(x: BigDecimal): [string, boolean] {
  return [x.toFixed(), x.isNeg()];
}
function ref(d: Dec): [string, boolean] {
  return [d.toFixed(), d.isNeg()];
}

let next: () => string;
before(() => {
  console.log(`bigdecimal: seed ${SEED} (rerun with BIGDEC_SEED=${SEED})`);
  next = generator(SEED);
});

function each(n: number, f: (i: number) => void): void {
  for (let i = 0; i < n; i++) f(i);
}

describe(`BigDecimal against decimal.js (precision 60), ${CASES} cases each`, () => {
  it('parses decimal and exponent texts; toFixed(), isZero, isNeg, abs, neg, ceil', () => {
    each(CASES, () => {
      const t = next();
      const x = BigDecimal.parse(t);
      const d = new D(t);
      const why = `seed ${SEED}: ${t}`;
      assert.deepEqual(pair(x), ref(d), why);
      assert.equal(x.toString(), d.toFixed(), why);
      assert.equal(x.isZero(), d.isZero(), why);
      assert.deepEqual(pair(x.abs()), ref(d.abs()), `abs ${why}`);
      assert.deepEqual(pair(x.neg()), ref(d.neg()), `neg ${why}`);
      assert.deepEqual(pair(x.ceil()), ref(d.ceil()), `ceil ${why}`);
    });
  });

  it('toFixed(n), n 0..30, half-up', () => {
    const r = rng(SEED ^ 0x1234);
    each(CASES, () => {
      const t = next();
      const n = Math.floor(r() * 31);
      assert.equal(BigDecimal.parse(t).toFixed(n), new D(t).toFixed(n), `seed ${SEED}: ${t} toFixed(${n})`);
    });
  });

  for (const [mode, dm] of MODES) {
    it(`toDecimalPlaces(n, ${mode}) and toFixed(n, ${mode})`, () => {
      const r = rng(SEED ^ dm);
      each(CASES, () => {
        const t = next();
        const n = Math.floor(r() * 25);
        const x = BigDecimal.parse(t);
        const d = new D(t);
        const why = `seed ${SEED}: ${t} to ${n} ${mode}`;
        assert.deepEqual(pair(x.toDecimalPlaces(n, mode)), ref(d.toDecimalPlaces(n, dm)), why);
        assert.equal(x.toFixed(n, mode), d.toFixed(n, dm), why);
      });
    });
  }

  const binary: [string, (a: BigDecimal, b: BigDecimal) => BigDecimal, (a: Dec, b: Dec) => Dec][] = [
    ['add', (a, b) => a.add(b), (a, b) => a.add(b)],
    ['sub', (a, b) => a.sub(b), (a, b) => a.sub(b)],
    ['mul', (a, b) => a.mul(b), (a, b) => a.mul(b)],
    ['div', (a, b) => a.div(b), (a, b) => a.div(b)],
  ];
  for (const [name, mine, theirs] of binary) {
    it(`${name}, rounded to 60 significant digits half-up`, () => {
      let done = 0;
      while (done < CASES) {
        const s = next();
        // a quarter of the time the negation of the first, for cancellation (x - x, x + -x)
        const t = done % 4 === 0 ? (s.startsWith('-') ? s.slice(1) : '-' + s.replace(/^\+/, '')) : next();
        const a = BigDecimal.parse(s);
        const b = BigDecimal.parse(t);
        if (name === 'div' && b.isZero()) {
          assert.throws(() => a.div(b), RangeError);
          continue;
        }
        const why = `seed ${SEED}: ${s} ${name} ${t}`;
        assert.deepEqual(pair(mine(a, b)), ref(theirs(new D(s), new D(t))), why);
        done++;
      }
    });
  }

  it('cmp, lt, lte, gt, eq (-0 equals 0)', () => {
    each(CASES, (i) => {
      const s = next();
      const t = i % 5 === 0 ? s : i % 5 === 1 ? s + (s.includes('.') || /e/i.test(s) ? '' : '.') + (/e/i.test(s) ? '' : '0') : next();
      const a = BigDecimal.parse(s);
      const b = BigDecimal.parse(t);
      const x = new D(s);
      const y = new D(t);
      const why = `seed ${SEED}: ${s} vs ${t}`;
      assert.equal(a.cmp(b), x.comparedTo(y), why);
      assert.equal(a.lt(b), x.lt(y), why);
      assert.equal(a.lte(b), x.lte(y), why);
      assert.equal(a.gt(b), x.gt(y), why);
      assert.equal(a.eq(b), x.eq(y), why);
    });
  });

  it('pow10 matches decimal.js pow for 10^0..10^120', () => {
    for (let k = 0; k <= 120; k++) assert.equal(BigDecimal.pow10(k).toFixed(), new D(10).pow(k).toFixed(), `10^${k}`);
  });

  it('rejects what is not a decimal text', () => {
    for (const bad of ['', '-', '.', 'e5', '1e', '1.2.3', '12,5', ' 1', 'NaN', 'Infinity', '0x10', '1_000']) {
      assert.throws(() => BigDecimal.parse(bad), RangeError, JSON.stringify(bad));
    }
  });

  it('worked examples: exact money, -0, long quotients', () => {
    assert.equal(BigDecimal.parse('0.1').add(BigDecimal.parse('0.2')).toFixed(), '0.3');
    assert.equal(BigDecimal.parse('1.005').toFixed(2), '1.01');
    assert.equal(BigDecimal.parse('-0.001').toFixed(2), '-0.00');
    assert.equal(BigDecimal.parse('-0').toFixed(2), '0.00');
    assert.equal(BigDecimal.parse('-0').isNeg(), true);
    assert.equal(BigDecimal.parse('1').div(BigDecimal.parse('3')).toFixed(), '0.' + '3'.repeat(60));
    assert.equal(BigDecimal.parse('2').div(BigDecimal.parse('3')).toFixed(), '0.' + '6'.repeat(59) + '7');
    assert.equal(BigDecimal.parse('1.5e-7').toFixed(), '0.00000015');
    assert.equal(BigDecimal.parse('2E+21').toFixed(), '2000000000000000000000');
    assert.equal(BigDecimal.parse('2.5').toDecimalPlaces(0, 'half-even').toFixed(), '2');
    assert.equal(BigDecimal.parse('-2.5').toDecimalPlaces(0, 'half-up').toFixed(), '-3');
  });
});
