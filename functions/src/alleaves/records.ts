import { z } from "zod";

import { customerData } from "../events/customer";
import { orderData } from "../events/order";

/** When Alleaves last changed a record, as the API reports it. */
const updatedAt = z.iso.datetime({ offset: true });

/** A customer as the Alleaves API returns it: webhook fields plus updated_at. */
export const apiCustomer = customerData.extend({ updated_at: updatedAt });

/** An order as the Alleaves API returns it: webhook fields plus updated_at. */
export const apiOrder = orderData.extend({ updated_at: updatedAt });

export type ApiCustomer = z.infer<typeof apiCustomer>;
export type ApiOrder = z.infer<typeof apiOrder>;

/** One page of a list endpoint. */
export const apiPage = z.looseObject({
  data: z.array(z.unknown()),
  pagination: z.looseObject({
    page: z.number().int().positive(),
    total_pages: z.number().int().nonnegative(),
  }),
});

/** Response of POST /auth. */
export const apiAuthResponse = z.looseObject({
  token: z.string().min(1),
  /** Lifetime of the token in seconds, when the API states it. */
  expires_in: z.number().positive().optional(),
});
