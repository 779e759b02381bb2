/**
 * The simulated Pyramid as one object: the register and its parts put together (file writer,
 * change API, activity mode, import, customer register, order life cycle, state views), with the
 * public methods the admin API, the web services, the importer, the demo and the tests call.
 */
import { SimCore, type Action, type ImportOutcome, type SimOptions } from './core';
import { FileWriter } from './writer';
import { Changes } from './changes';
import { Activity } from './activity';
import { OrderLifecycle } from './lifecycle';
import { CustomerRegister } from './registration';
import { Imports } from './imports';
import { StateViews } from './views';
import type { DataSet } from './dataset';
import type { SimOrder, WrittenFile } from './types';

export { SimError, ImportRejected, type Action, type ImportOutcome, type LogFn, type LogLevel, type SimOptions } from './core';

export class PyramidSim extends SimCore {
  private readonly writer: FileWriter;
  private readonly changes: Changes;
  private readonly activityMode: Activity;
  private readonly life: OrderLifecycle;
  private readonly register: CustomerRegister;
  private readonly imports: Imports;
  private readonly views: StateViews;

  constructor(ds: DataSet, o: SimOptions) {
    super(ds, o);
    this.writer = new FileWriter(this, o.outbox);
    this.changes = new Changes(this, this.writer);
    this.activityMode = new Activity(this, this.writer, this.changes);
    this.life = new OrderLifecycle(this, this.writer);
    this.register = new CustomerRegister(this, this.writer);
    this.imports = new Imports(this, this.writer, this.life, this.register);
    this.views = new StateViews(this);
  }

  /** Whether activity mode is on. */
  get activity(): boolean {
    return this.activityMode.on;
  }

  // out-messages
  writeBaseData(): Promise<WrittenFile> {
    return this.writer.writeBaseData();
  }
  writeArticlesFull(): Promise<WrittenFile> {
    return this.writer.writeArticlesFull();
  }
  writeKitsFull(): Promise<WrittenFile> {
    return this.writer.writeKitsFull();
  }
  writeStockFull(): Promise<WrittenFile> {
    return this.writer.writeStockFull();
  }
  writeCustomersFull(): Promise<WrittenFile> {
    return this.writer.writeCustomersFull();
  }
  writeContactsFull(): Promise<WrittenFile> {
    return this.writer.writeContactsFull();
  }
  writePricesFull(): Promise<WrittenFile> {
    return this.writer.writePricesFull();
  }
  /** Everything Pyramid exports when the integration is switched on. */
  writeInitialFiles(): Promise<WrittenFile[]> {
    return this.writer.writeInitialFiles();
  }
  /** The scheduled exports. */
  writeScheduled(): Promise<WrittenFile[]> {
    return this.writer.writeScheduled();
  }

  // changes
  changeStock(req: Parameters<Changes['changeStock']>[0]): ReturnType<Changes['changeStock']> {
    return this.changes.changeStock(req);
  }
  changePrice(req: Parameters<Changes['changePrice']>[0]): Promise<{ files: WrittenFile[] }> {
    return this.changes.changePrice(req);
  }
  changeArticle(req: Record<string, unknown>): Promise<{ article?: Record<string, unknown>; action: Action; file: WrittenFile }> {
    return this.changes.changeArticle(req);
  }
  setActivity(on: boolean): void {
    this.activityMode.setActivity(on);
  }
  activityTick(): Promise<void> {
    return this.activityMode.activityTick();
  }

  // import and the order life cycle
  /** Read and import one file from the in-folder. Never throws for a bad file: the outcome says why. */
  importFile(fileName: string, bytes: Buffer, type: 'order' | 'quote' | 'customer'): Promise<ImportOutcome> {
    return this.imports.importFile(fileName, bytes, type);
  }
  /** Move an imported order to its next status now (and write its Orderstatus file). */
  advanceOrder(orderNumber: string): Promise<SimOrder> {
    return this.life.advanceOrder(orderNumber);
  }
  /** Create a contact (KontaktRegistrering). */
  registerContact(req: Parameters<CustomerRegister['registerContact']>[0]): ReturnType<CustomerRegister['registerContact']> {
    return this.register.registerContact(req);
  }

  // state
  orderSummary(o: SimOrder): Record<string, unknown> {
    return this.views.orderSummary(o);
  }
  counts(): Record<string, number> {
    return this.views.counts();
  }
  state(): Record<string, unknown> {
    return this.views.state(this.activity);
  }
  /** Order rows in the shape of Orderhistorik. */
  historyOrder(o: SimOrder): Record<string, unknown> {
    return this.views.historyOrder(o);
  }

  close(): void {
    this.closed = true;
    this.life.close();
    this.activityMode.close();
  }
}
