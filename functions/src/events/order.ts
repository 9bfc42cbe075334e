import { z } from "zod";

import { customerDocId, withoutUndefined } from "./customer";
import type { EventDefinition, RecordUpdate } from "./event-definition";
import { externalId, moneyInCents, optionalText } from "./fields";

/** Items per order accepted; far more than a dispensary order holds. */
const MAX_ORDER_ITEMS = 500;

const orderItem = z.looseObject({
  id_item: externalId,
  name: z.string().max(500),
  quantity: z.number().nonnegative().max(1_000_000),
  price: moneyInCents,
});

/** `data` of order.created and order.updated. Unknown fields are kept. */
export const orderData = z.looseObject({
  id_order: externalId,
  id_customer: externalId.nullish(),
  status: optionalText,
  total: moneyInCents.nullish(),
  items: z.array(orderItem).max(MAX_ORDER_ITEMS).nullish(),
});

export type OrderData = z.infer<typeof orderData>;

/** Firestore document id of an Alleaves order. */
export function orderDocId(idOrder: string): string {
  return `alleaves_${idOrder}`;
}

/**
 * Maps an order payload to the fields of its Firestore document. The order is
 * stored even when its customer has no document yet.
 */
export function toOrderUpdate(data: OrderData): RecordUpdate {
  let customerId: string | null | undefined = data.id_customer;
  if (typeof customerId === "string") customerId = customerDocId(customerId);

  let items: Record<string, unknown>[] | null | undefined = data.items as null | undefined;
  if (data.items) {
    items = data.items.map((item) => ({
      itemId: item.id_item,
      name: item.name,
      quantity: item.quantity,
      priceCents: item.price,
    }));
  }

  return {
    collection: "orders",
    docId: orderDocId(data.id_order),
    fields: withoutUndefined({
      externalId: data.id_order,
      customerId,
      status: data.status,
      totalCents: data.total,
      items,
    }),
  };
}

/** Handles order.created and order.updated, which share one shape. */
export const orderEvent: EventDefinition<OrderData> = {
  schema: orderData,
  toUpdate: toOrderUpdate,
  invalidates: ["orders", "customers", "dashboard"],
};
