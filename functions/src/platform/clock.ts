/** Source of the current time, injected so tests can fix it. */
export type Clock = () => Date;

/** The wall clock. */
export const systemClock: Clock = () => new Date();
