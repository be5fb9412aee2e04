// The shapes the outbox passes between its producers (links, webhooks) and its sweep.
import type { Order, OrderEvent } from '../domain/order.ts';

/** An order event read from the log (its id, its order), with the order as it is now. */
export interface OutboxEvent extends OrderEvent {
  id: number;
  orderId: number;
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
