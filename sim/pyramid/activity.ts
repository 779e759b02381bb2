/**
 * Activity mode: Pyramid's users at work, on a timer: sales and deliveries change stock, now and
 * then a price or an article changes.
 */
import { Random } from './random';
import { fromMinor, roundQty, toMinor } from './money';
import type { SimCore } from './core';
import type { FileWriter } from './writer';
import type { Changes } from './changes';
import type { StockRow } from './types';

export class Activity {
  on = false;
  private activityTimer?: NodeJS.Timeout;
  private readonly activityRng: Random;

  constructor(
    private readonly c: SimCore,
    private readonly w: FileWriter,
    private readonly changes: Changes,
  ) {
    this.activityRng = new Random(c.o.seed, 'activity');
  }

  close(): void {
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.activityTimer = undefined;
    this.on = false;
  }

  setActivity(on: boolean): void {
    this.on = on;
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.activityTimer = undefined;
    if (on && !this.c.closed) this.armActivity();
    this.c.log('info', `activity ${on ? 'on' : 'off'}`);
  }

  armActivity(): void {
    this.activityTimer = setTimeout(() => {
      this.activityTick()
        .catch((e: unknown) => this.c.log('error', `activity: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          if (this.on && !this.c.closed) this.armActivity();
        });
    }, this.c.o.activityMs);
    this.activityTimer.unref?.();
  }

  /** One round of made-up work: sales and deliveries change stock, now and then a price or an article. */
  async activityTick(): Promise<void> {
    const r = this.activityRng;
    const rows = [...this.c.data.stock.values()];
    if (rows.length) {
      const changed: StockRow[] = [];
      for (let i = r.int(1, 4); i > 0; i--) {
        const row = r.pick(rows);
        const delta = r.chance(0.75) ? -r.int(1, 5) : r.int(10, 60);
        row.onHand = roundQty(Math.max(0, row.onHand + delta));
        if (delta > 0 && row.incoming > 0) {
          row.incoming = 0;
          delete row.nextDeliveryDate;
        }
        row.changed = this.c.stamp();
        changed.push(row);
      }
      await this.w.stockDelta(changed);
    }
    const simple = [...this.c.data.articles.values()].filter((a) => this.c.data.articleKinds.get(a.articleCode) === 'simple');
    if (simple.length && r.chance(0.2)) {
      const a = r.pick(simple);
      const factor = 1 + (r.chance(0.5) ? 1 : -1) * (0.02 + r.next() * 0.06);
      await this.changes.changePrice({ articleCode: a.articleCode, price: fromMinor(Math.max(10, Math.round(toMinor(a.basePrice) * factor))) });
    }
    if (simple.length && r.chance(0.1)) {
      const a = r.pick(simple);
      const what = r.int(0, 2);
      if (what === 0) await this.changes.changeArticle({ articleCode: a.articleCode, webActive: !a.webActive });
      else if (what === 1) await this.changes.changeArticle({ articleCode: a.articleCode, description2: r.pick(['Nyhet!', 'Populär', 'Begränsat antal', 'Fri frakt över 500 kr']) });
      else await this.changes.changeArticle({ articleCode: a.articleCode, searchWords: `${a.searchWords ?? ''} ${r.pick(['proffs', 'bygg', 'hem', 'rea'])}`.trim() });
    }
  }
}
