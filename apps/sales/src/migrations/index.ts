import type { MigrationInterface } from 'typeorm';
import { CreateSalesSchema1767300000000 } from './1767300000000-CreateSalesSchema';
import { RoleRateCard1767500000000 } from './1767500000000-RoleRateCard';
import { CalibrationHistory1767600000000 } from './1767600000000-CalibrationHistory';

export const migrations: Array<new () => MigrationInterface> = [
  CreateSalesSchema1767300000000,
  RoleRateCard1767500000000,
  CalibrationHistory1767600000000,
];
