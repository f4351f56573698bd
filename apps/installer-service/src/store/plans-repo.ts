import { PlanSchema, type Plan } from '@strata/install-contract';
import type { Queryable } from '@strata/sql';

/** Plans as they were answered, kept so an install can be bound to one. */
export class PlansRepo {
  constructor(private readonly db: Queryable) {}

  async insert(plan: Plan, createdBy: string): Promise<void> {
    await this.db.run('INSERT INTO plans (id, document_hash, body, created_by, created_at) VALUES ($1, $2, $3, $4, $5)', [
      plan.id,
      plan.documentHash,
      JSON.stringify(plan),
      createdBy,
      Date.parse(plan.createdAt),
    ]);
  }

  async get(id: string): Promise<Plan | undefined> {
    const [row] = await this.db.query('SELECT body FROM plans WHERE id = $1', [id]);
    return row ? PlanSchema.parse(JSON.parse(String(row['body']))) : undefined;
  }
}
