// The shapes the outbox passes between its producers (links, webhooks) and its sweep.
import type { Actor, EventData, Order } from '../domain/order.ts';

/** An order event read from the log, with the order as it is now. */
export interface OutboxEvent {
  id: number;
  orderId: number;
  seq: number;
  at: Date;
  actor: Actor;
  note: string | null;
  data: EventData;
  order: Order;
}

/** One delivery to enqueue: a webhook call or a link message. */
export interface NewDelivery {
  kind: 'webhook' | 'link';
  targetId: number;
  topic: string;
  /** Deliveries with one key go out one after the other, in order. */
  orderingKey: string | null;
  payload: Record<string, unknown>;
  maxAttempts: number;
}
