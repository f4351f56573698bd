import { NotFoundError } from '@strata/errors';
import type { Queryable } from '@strata/sql';
import { newId } from './ids';
import { decodeCursor, toPage, type Page, type PageRequest } from './page';
import { iso, type Subscription, type SubscriptionStatus } from './model';

interface SubscriptionRow {
  id: string;
  customer_id: string;
  plan: string;
  nodes: number;
  features: string;
  starts_at: number;
  ends_at: number;
  grace_days: number;
  status: string;
  created_at: number;
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    customerId: row.customer_id,
    plan: row.plan,
    nodes: Number(row.nodes),
    features: JSON.parse(row.features) as string[],
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    graceDays: Number(row.grace_days),
    status: row.status as SubscriptionStatus,
    createdAt: iso(row.created_at),
  };
}

/** What a new subscription needs. */
export interface NewSubscription {
  customerId: string;
  plan: string;
  nodes: number;
  features: string[];
  startsAt: Date;
  endsAt: Date;
  graceDays: number;
}

/** Subscriptions: a customer's plan, node entitlement and term. */
export class SubscriptionsRepo {
  constructor(private readonly db: Queryable) {}

  async create(input: NewSubscription, now = new Date()): Promise<Subscription> {
    const rows = await this.db.query<SubscriptionRow>(
      `INSERT INTO subscriptions (id, customer_id, plan, nodes, features, starts_at, ends_at, grace_days, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9) RETURNING *`,
      [
        newId('sub'),
        input.customerId,
        input.plan,
        input.nodes,
        JSON.stringify(input.features),
        input.startsAt.getTime(),
        input.endsAt.getTime(),
        input.graceDays,
        now.getTime(),
      ],
    );
    return toSubscription(rows[0] as SubscriptionRow);
  }

  async list(filter: { customerId?: string } = {}): Promise<Subscription[]> {
    const rows = filter.customerId
      ? await this.db.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE customer_id = $1 ORDER BY created_at, id', [filter.customerId])
      : await this.db.query<SubscriptionRow>('SELECT * FROM subscriptions ORDER BY created_at, id');
    return rows.map(toSubscription);
  }

  /** A page of subscriptions, oldest first, optionally of one customer. */
  async page(filter: { customerId?: string | undefined }, request: PageRequest): Promise<Page<Subscription>> {
    const [afterAt, afterId] = (request.cursor ? decodeCursor(request.cursor, ['number', 'string']) : [-1, '']) as [number, string];
    const rows = await this.db.query<SubscriptionRow>(
      `SELECT * FROM subscriptions WHERE ($1 = '' OR customer_id = $1) AND (created_at > $2 OR (created_at = $2 AND id > $3))
       ORDER BY created_at, id LIMIT $4`,
      [filter.customerId ?? '', afterAt, afterId, request.limit + 1],
    );
    return toPage(rows, request.limit, toSubscription, (row) => [Number(row.created_at), row.id]);
  }

  async get(id: string): Promise<Subscription> {
    const row = (await this.db.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE id = $1', [id]))[0];
    if (!row) throw new NotFoundError(`subscription ${id} does not exist`);
    return toSubscription(row);
  }

  async setStatus(id: string, status: SubscriptionStatus): Promise<Subscription> {
    const row = (await this.db.query<SubscriptionRow>('UPDATE subscriptions SET status = $2 WHERE id = $1 RETURNING *', [id, status]))[0];
    if (!row) throw new NotFoundError(`subscription ${id} does not exist`);
    return toSubscription(row);
  }
}
