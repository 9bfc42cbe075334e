// Generated Alleaves customers and orders, with a clock that gives every
// change a distinct, increasing updated_at.

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = ["Ava", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jo"];
const LAST_NAMES = ["Ng", "Ortiz", "Park", "Quinn", "Rossi", "Shah", "Tran", "Udall", "Vega", "Wu"];
const PRODUCTS = [
  ["Blue Dream 3.5g", 45],
  ["OG Kush Pre-Roll", 12.5],
  ["Sour Diesel 1g Cart", 38],
  ["CBD Tincture 30ml", 59.99],
  ["Gummies 10pk", 22.25],
];
const STATUSES = ["pending", "confirmed", "ready", "completed", "cancelled"];

/** In-memory Alleaves data set. */
export class SimulatorData {
  constructor({ seed = 1, customers = 40, orders = 60 } = {}) {
    this.random = seededRandom(seed);
    this.customers = new Map();
    this.orders = new Map();

    // The generated history spreads over the last 30 days, so an
    // incremental sync has old records to leave out.
    const historyMs = 30 * 24 * 60 * 60 * 1000;
    this.historyStepMs = Math.floor(historyMs / Math.max(1, customers + orders));
    this.lastChangeMs = Date.now() - historyMs;
    for (let i = 0; i < customers; i += 1) this.upsertCustomer(this.randomCustomer());
    for (let i = 0; i < orders; i += 1) this.upsertOrder(this.randomOrder());
    this.historyStepMs = undefined;
  }

  /** Returns a new, strictly increasing change time as ISO 8601. */
  tick() {
    if (this.historyStepMs !== undefined) {
      this.lastChangeMs += 1 + Math.floor(this.random() * this.historyStepMs);
    } else {
      this.lastChangeMs = Math.max(this.lastChangeMs + 1, Date.now());
    }
    return new Date(this.lastChangeMs).toISOString();
  }

  pick(list) {
    return list[Math.floor(this.random() * list.length)];
  }

  nextId(map, base) {
    return map.size === 0 ? base : Math.max(...map.keys()) + 1;
  }

  randomCustomer(id = this.nextId(this.customers, 1000)) {
    const first = this.pick(FIRST_NAMES);
    const last = this.pick(LAST_NAMES);
    const year = 1950 + Math.floor(this.random() * 55);
    return {
      id_customer: id,
      email: `${first}.${last}.${id}@example.com`.toLowerCase(),
      name_first: first,
      name_last: last,
      phone: `+1555${String(1000000 + id).slice(-7)}`,
      date_of_birth: `${year}-0${1 + Math.floor(this.random() * 9)}-1${Math.floor(this.random() * 9)}`,
      equity_status: this.random() < 0.2,
    };
  }

  randomOrder(id = this.nextId(this.orders, 50000)) {
    const items = [];
    const count = 1 + Math.floor(this.random() * 3);
    for (let i = 0; i < count; i += 1) {
      const [name, price] = PRODUCTS[Math.floor(this.random() * PRODUCTS.length)];
      items.push({ id_item: 100 + PRODUCTS.findIndex(([n]) => n === name), name, quantity: 1 + Math.floor(this.random() * 3), price });
    }
    const totalCents = items.reduce((sum, item) => sum + Math.round(item.price * 100) * item.quantity, 0);
    const customerIds = [...this.customers.keys()];
    return {
      id_order: id,
      id_customer: customerIds.length ? this.pick(customerIds) : null,
      status: this.pick(STATUSES),
      total: totalCents / 100,
      items,
    };
  }

  /** Merges `fields` into a customer (new when unknown) and stamps it. */
  upsertCustomer(fields) {
    const id = Number(fields.id_customer ?? this.nextId(this.customers, 1000));
    const existing = this.customers.get(id);
    const record = { ...(existing ?? this.randomCustomer(id)), ...fields, id_customer: id, updated_at: this.tick() };
    this.customers.set(id, record);
    return { record, created: !existing };
  }

  /** Merges `fields` into an order (new when unknown) and stamps it. */
  upsertOrder(fields) {
    const id = Number(fields.id_order ?? this.nextId(this.orders, 50000));
    const existing = this.orders.get(id);
    const record = { ...(existing ?? this.randomOrder(id)), ...fields, id_order: id, updated_at: this.tick() };
    this.orders.set(id, record);
    return { record, created: !existing };
  }

  /** Makes one random change: a new or changed customer or order. */
  randomChange() {
    const roll = this.random();
    if (roll < 0.2) return { type: "customer", ...this.upsertCustomer({}) };
    if (roll < 0.5) {
      const id = this.pick([...this.customers.keys()]);
      return { type: "customer", ...this.upsertCustomer({ id_customer: id, phone: `+1555${Math.floor(this.random() * 1e7)}`, equity_status: this.random() < 0.5 }) };
    }
    if (roll < 0.7) return { type: "order", ...this.upsertOrder({}) };
    const id = this.pick([...this.orders.keys()]);
    return { type: "order", ...this.upsertOrder({ id_order: id, status: this.pick(STATUSES) }) };
  }
}

/** Records changed at or after `since` (ISO or undefined), oldest first. */
export function changedSince(records, since) {
  const sinceMs = since ? Date.parse(since) : -Infinity;
  return [...records.values()]
    .filter((record) => Date.parse(record.updated_at) >= sinceMs)
    .sort((a, b) => a.updated_at.localeCompare(b.updated_at) || (a.id_customer ?? a.id_order) - (b.id_customer ?? b.id_order));
}
