import type { EventHandler } from '@platform/messaging';
import { RoleRateRepository } from '../repositories/role-rate.repository';

/** Keeps sales' copy of finance's role rate card, which costs every new estimate. */
export const onRoleRateSet: EventHandler<'RoleRateSet'> = (event, manager) =>
  new RoleRateRepository(manager).record(event.payload);
