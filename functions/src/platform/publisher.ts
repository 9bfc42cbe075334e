import type { PubSub } from "@google-cloud/pubsub";

/** Publishes one message and resolves with its message id once stored. */
export type Publisher = (
  data: Buffer,
  attributes: Record<string, string>,
) => Promise<string>;

/** Options of {@link createPublisher}. */
export interface PublisherOptions {
  topic: string;
  /** Pub/Sub endpoint `host:port`; defaults to the client's own resolution. */
  apiEndpoint?: string;
  /** Milliseconds to wait for the publish before failing. */
  timeoutMs?: number;
}

/**
 * Creates a publisher for one topic. The Pub/Sub client is loaded on first
 * publish because it is the heaviest dependency of the receiver's cold start.
 * Batching is off so each webhook is published before it is acknowledged.
 */
export function createPublisher(options: PublisherOptions): Publisher {
  let client: PubSub | undefined;
  const timeoutMs = options.timeoutMs ?? 10_000;

  return async (data, attributes) => {
    if (!client) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { PubSub } = require("@google-cloud/pubsub");
      client = new PubSub(
        options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {},
      ) as PubSub;
    }

    const topic = client.topic(options.topic, {
      batching: { maxMessages: 1 },
      gaxOpts: { timeout: timeoutMs, retry: null },
    });
    return withTimeout(
      topic.publishMessage({ data, attributes }),
      timeoutMs,
      `publish to ${options.topic} timed out after ${timeoutMs} ms`,
    );
  };
}

/** Rejects with `message` unless `promise` settles within `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
