import type { Database } from '@strata/sql';
import { ActivationsRepo } from './activations-repo';
import { AdminRepo } from './admin-repo';
import { CustomersRepo } from './customers-repo';
import { LicensesRepo } from './licenses-repo';
import { SubscriptionsRepo } from './subscriptions-repo';
import { UsageRepo } from './usage-repo';

/** Every repository over one database. */
export interface Store {
  db: Database;
  customers: CustomersRepo;
  subscriptions: SubscriptionsRepo;
  licenses: LicensesRepo;
  activations: ActivationsRepo;
  usage: UsageRepo;
  admin: AdminRepo;
}

export function createStore(db: Database): Store {
  return {
    db,
    customers: new CustomersRepo(db),
    subscriptions: new SubscriptionsRepo(db),
    licenses: new LicensesRepo(db),
    activations: new ActivationsRepo(db),
    usage: new UsageRepo(db),
    admin: new AdminRepo(db),
  };
}
