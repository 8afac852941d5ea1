import type { MigrationInterface } from 'typeorm';
import { CreateEngagementSchema1767310000000 } from './1767310000000-CreateEngagementSchema';
import { AddChangeOrderRates1767500000000 } from './1767500000000-AddChangeOrderRates';

export const migrations: Array<new () => MigrationInterface> = [
  CreateEngagementSchema1767310000000,
  AddChangeOrderRates1767500000000,
];
