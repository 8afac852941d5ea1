import type { MigrationInterface } from 'typeorm';
import { CreateAccountingSchema1767330000000 } from './1767330000000-CreateAccountingSchema';
import { AddYearlyTimeRollup1767420000000 } from './1767420000000-AddYearlyTimeRollup';
import { RoleRatesAndContractRates1767500000000 } from './1767500000000-RoleRatesAndContractRates';
import { ForesightProjections1767600000000 } from './1767600000000-ForesightProjections';
import { EngagementActuals1767700000000 } from './1767700000000-EngagementActuals';
import { ForecastMarginPublished1767800000000 } from './1767800000000-ForecastMarginPublished';
import { AllocationRoles1767900000000 } from './1767900000000-AllocationRoles';

export const migrations: Array<new () => MigrationInterface> = [
  CreateAccountingSchema1767330000000,
  AddYearlyTimeRollup1767420000000,
  RoleRatesAndContractRates1767500000000,
  ForesightProjections1767600000000,
  EngagementActuals1767700000000,
  ForecastMarginPublished1767800000000,
  AllocationRoles1767900000000,
];
