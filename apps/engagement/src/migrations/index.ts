import type { MigrationInterface } from 'typeorm';
import { CreateEngagementSchema1767310000000 } from './1767310000000-CreateEngagementSchema';
import { AddChangeOrderRates1767500000000 } from './1767500000000-AddChangeOrderRates';
import { RiskSignalsAndBudgetAlerts1767600000000 } from './1767600000000-RiskSignalsAndBudgetAlerts';
import { CreateStatusReports1767600001000 } from './1767600001000-CreateStatusReports';
import { CreateForecastMargins1767800000000 } from './1767800000000-CreateForecastMargins';
import { CreateMilestoneDates1767800001000 } from './1767800001000-CreateMilestoneDates';
import { CreateMemberTimeOff1767800002000 } from './1767800002000-CreateMemberTimeOff';

export const migrations: Array<new () => MigrationInterface> = [
  CreateEngagementSchema1767310000000,
  AddChangeOrderRates1767500000000,
  RiskSignalsAndBudgetAlerts1767600000000,
  CreateStatusReports1767600001000,
  CreateForecastMargins1767800000000,
  CreateMilestoneDates1767800001000,
  CreateMemberTimeOff1767800002000,
];
