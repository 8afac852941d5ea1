import type { MigrationInterface } from 'typeorm';
import { CreateSalesSchema1767300000000 } from './1767300000000-CreateSalesSchema';
import { RoleRateCard1767500000000 } from './1767500000000-RoleRateCard';

export const salesMigrations: Array<new () => MigrationInterface> = [
  CreateSalesSchema1767300000000,
  RoleRateCard1767500000000,
];
