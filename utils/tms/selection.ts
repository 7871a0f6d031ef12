/**
 * The extension's own memory of which orders are selected on a TMS list. Many TMS forget
 * their checkboxes when they re-render (filter, page change); this keeps the selection and
 * ticks the rows again when they come back.
 */
import type { ListRow, OrderSummary, TmsPageAdapter } from './adapter';

export class SelectionTracker {
  private readonly selected = new Map<string, OrderSummary>();
  private listeners = new Set<(items: OrderSummary[]) => void>();

  constructor(
    private readonly adapter: Pick<TmsPageAdapter, 'listRows' | 'summariseRow' | 'rowOf'>,
    private readonly doc: Document,
  ) {}

  get items(): OrderSummary[] {
    return [...this.selected.values()];
  }

  subscribe(listener: (items: OrderSummary[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit() {
    const items = this.items;
    for (const listener of this.listeners) listener(items);
  }

  private apply(row: ListRow): boolean {
    const has = this.selected.has(row.id);
    if (row.checkbox.checked && !has) {
      this.selected.set(row.id, this.adapter.summariseRow(row));
      return true;
    }
    if (!row.checkbox.checked && has) {
      this.selected.delete(row.id);
      return true;
    }
    return false;
  }

  /**
   * A checkbox changed. A row's own checkbox updates that row only (cheap on long lists);
   * anything else (a select-all box) re-reads every visible row.
   */
  handleChange(target: EventTarget | null): void {
    // A row's own checkbox: read just that row (cheap on a 1,000-row list).
    const own = target instanceof Element && this.adapter.rowOf ? this.adapter.rowOf(target) : null;
    if (own) {
      if (this.apply(own)) this.emit();
      return;
    }
    const rows = this.adapter.listRows(this.doc);
    const row = target instanceof Element ? rows.find((r) => r.checkbox === target) : undefined;
    const changed = row ? this.apply(row) : rows.map((r) => this.apply(r)).some(Boolean);
    if (changed) this.emit();
  }

  /** After the TMS re-rendered: tick the visible rows that are still selected. */
  restore(): void {
    if (this.selected.size === 0) return;
    for (const row of this.adapter.listRows(this.doc)) {
      if (this.selected.has(row.id) && !row.checkbox.checked) {
        row.checkbox.checked = true;
        // Let the TMS update its own state (row highlight, select-all) as for a user's click.
        row.checkbox.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }
  }

  /**
   * Selects orders, also ones on other pages of the list (the invoicing proposal): the
   * visible ones are ticked now, the others when their page is shown.
   */
  select(items: readonly OrderSummary[]): void {
    let changed = false;
    for (const item of items) {
      if (this.selected.has(item.id)) continue;
      this.selected.set(item.id, item);
      changed = true;
    }
    this.restore();
    if (changed) this.emit();
  }

  /** How many selected orders are not among the rows on screen. */
  notOnPage(): number {
    const visible = new Set(this.adapter.listRows(this.doc).map((r) => r.id));
    let count = 0;
    for (const id of this.selected.keys()) if (!visible.has(id)) count++;
    return count;
  }

  /** Forgets orders (e.g. after they were invoiced) and unticks them where visible. */
  remove(ids: Iterable<string>): void {
    const gone = new Set(ids);
    let changed = false;
    for (const id of gone) changed = this.selected.delete(id) || changed;
    for (const row of this.adapter.listRows(this.doc)) {
      if (gone.has(row.id) && row.checkbox.checked) {
        row.checkbox.checked = false;
        row.checkbox.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }
    if (changed) this.emit();
  }

  clear(): void {
    this.remove([...this.selected.keys()]);
  }
}
