import type { MigrationInterface } from 'typeorm';
import { CreateDeliverySchema1767320000000 } from './1767320000000-CreateDeliverySchema';
import { AddContractBudget1767500000000 } from './1767500000000-AddContractBudget';
import { AllocationStatusAndTimeOff1767600000000 } from './1767600000000-AllocationStatusAndTimeOff';

export const migrations: Array<new () => MigrationInterface> = [
  CreateDeliverySchema1767320000000,
  AddContractBudget1767500000000,
  AllocationStatusAndTimeOff1767600000000,
];
