import { z } from "zod";

import type { EventDefinition, RecordUpdate } from "./event-definition";
import { externalId, optionalText } from "./fields";

/** `data` of customer.created and customer.updated. Unknown fields are kept. */
export const customerData = z.looseObject({
  id_customer: externalId,
  email: optionalText,
  name_first: optionalText,
  name_last: optionalText,
  phone: optionalText,
  date_of_birth: optionalText,
  equity_status: z.boolean().nullish(),
});

export type CustomerData = z.infer<typeof customerData>;

/** Firestore document id of an Alleaves customer. */
export function customerDocId(idCustomer: string): string {
  return `alleaves_${idCustomer}`;
}

/**
 * Maps a customer payload to the fields of its Firestore document. A field
 * missing from the payload is left as stored, and null clears it.
 */
export function toCustomerUpdate(data: CustomerData): RecordUpdate {
  return {
    collection: "customers",
    docId: customerDocId(data.id_customer),
    fields: withoutUndefined({
      externalId: data.id_customer,
      firstName: data.name_first,
      lastName: data.name_last,
      email: data.email,
      phone: data.phone,
      dateOfBirth: data.date_of_birth,
      equityStatus: data.equity_status,
    }),
  };
}

/** Handles customer.created and customer.updated, which share one shape. */
export const customerEvent: EventDefinition<CustomerData> = {
  schema: customerData,
  toUpdate: toCustomerUpdate,
  invalidates: ["customers", "dashboard"],
};

/** Drops keys whose value is undefined, keeping explicit nulls. */
export function withoutUndefined(
  fields: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  );
}
