import type { MigrationInterface } from 'typeorm';
import { CreateEngagementSchema1767310000000 } from './1767310000000-CreateEngagementSchema';

export const migrations: Array<new () => MigrationInterface> = [CreateEngagementSchema1767310000000];
