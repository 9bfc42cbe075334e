import { customerEvent } from "./customer";
import type { EventDefinition } from "./event-definition";
import { orderEvent } from "./order";

/**
 * Every event type this project applies. Adding one is a definition module
 * and one line here; the receiver validates it and the worker applies it.
 */
const EVENT_DEFINITIONS: Record<string, EventDefinition<unknown>> = {
  "customer.created": customerEvent as EventDefinition<unknown>,
  "customer.updated": customerEvent as EventDefinition<unknown>,
  "order.created": orderEvent as EventDefinition<unknown>,
  "order.updated": orderEvent as EventDefinition<unknown>,
};

/** Returns the definition of an event type, or undefined when unsupported. */
export function findEventDefinition(
  eventType: string,
): EventDefinition<unknown> | undefined {
  return Object.hasOwn(EVENT_DEFINITIONS, eventType)
    ? EVENT_DEFINITIONS[eventType]
    : undefined;
}

/** Event types with a definition, for messages and the sender tool. */
export const SUPPORTED_EVENT_TYPES = Object.keys(EVENT_DEFINITIONS);
