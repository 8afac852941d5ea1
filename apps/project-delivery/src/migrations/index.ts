import type { MigrationInterface } from 'typeorm';
import { CreateDeliverySchema1767320000000 } from './1767320000000-CreateDeliverySchema';

export const migrations: Array<new () => MigrationInterface> = [CreateDeliverySchema1767320000000];
