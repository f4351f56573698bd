import { ConflictError, NotFoundError } from '@strata/errors';
import type { Queryable } from '@strata/sql';
import { newId } from './ids';
import { decodeCursor, toPage, type Page, type PageRequest } from './page';
import { iso, type Customer } from './model';

interface CustomerRow {
  id: string;
  name: string;
  email: string | null;
  created_at: number;
}

function toCustomer(row: CustomerRow): Customer {
  return { id: row.id, name: row.name, email: row.email, createdAt: iso(row.created_at) };
}

/** Customers: the companies that buy subscriptions. */
export class CustomersRepo {
  constructor(private readonly db: Queryable) {}

  /** Creates a customer; names are unique (ConflictError otherwise). */
  async create(input: { name: string; email?: string | null }, now = new Date()): Promise<Customer> {
    const rows = await this.db.query<CustomerRow>(
      'INSERT INTO customers (id, name, email, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING *',
      [newId('cus'), input.name, input.email ?? null, now.getTime()],
    );
    if (!rows[0]) throw new ConflictError(`a customer named "${input.name}" already exists`);
    return toCustomer(rows[0]);
  }

  async list(): Promise<Customer[]> {
    return (await this.db.query<CustomerRow>('SELECT * FROM customers ORDER BY name')).map(toCustomer);
  }

  /** A page of customers by name. */
  async page(request: PageRequest): Promise<Page<Customer>> {
    const after = request.cursor ? String(decodeCursor(request.cursor, ['string'])[0]) : undefined;
    const rows =
      after === undefined
        ? await this.db.query<CustomerRow>('SELECT * FROM customers ORDER BY name LIMIT $1', [request.limit + 1])
        : await this.db.query<CustomerRow>('SELECT * FROM customers WHERE name > $1 ORDER BY name LIMIT $2', [after, request.limit + 1]);
    return toPage(rows, request.limit, toCustomer, (row) => [row.name]);
  }

  async find(id: string): Promise<Customer | undefined> {
    const row = (await this.db.query<CustomerRow>('SELECT * FROM customers WHERE id = $1', [id]))[0];
    return row && toCustomer(row);
  }

  /** Like `find`, but NotFoundError when there is no such customer. */
  async get(id: string): Promise<Customer> {
    const customer = await this.find(id);
    if (!customer) throw new NotFoundError(`customer ${id} does not exist`);
    return customer;
  }
}
