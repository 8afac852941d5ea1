import type { MigrationInterface } from 'typeorm';
import { CreateEngagementSchema1767310000000 } from './1767310000000-CreateEngagementSchema';
import { AddChangeOrderRates1767500000000 } from './1767500000000-AddChangeOrderRates';
import { RiskSignalsAndBudgetAlerts1767600000000 } from './1767600000000-RiskSignalsAndBudgetAlerts';
import { CreateStatusReports1767600001000 } from './1767600001000-CreateStatusReports';

export const migrations: Array<new () => MigrationInterface> = [
  CreateEngagementSchema1767310000000,
  AddChangeOrderRates1767500000000,
  RiskSignalsAndBudgetAlerts1767600000000,
  CreateStatusReports1767600001000,
];
