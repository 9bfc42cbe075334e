import type { z } from "zod";

/** Per-org dashboard cache scopes, stored at `orgs/{orgId}/cache/{scope}`. */
export type CacheScope = "customers" | "orders" | "products" | "dashboard";

/** Collections under `orgs/{orgId}` that events write. */
export type RecordCollection = "customers" | "orders";

/** The write one event makes: the fields to merge into one document. */
export interface RecordUpdate {
  collection: RecordCollection;
  docId: string;
  fields: Record<string, unknown>;
}

/** Validation, storage and cache invalidation of one Alleaves event type. */
export interface EventDefinition<T> {
  /** Schema of the event's `data` object. */
  schema: z.ZodType<T>;
  toUpdate(data: T): RecordUpdate;
  /** Cache scopes that go stale when this event is applied. */
  invalidates: readonly CacheScope[];
}
