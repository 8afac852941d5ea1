import type { MigrationInterface } from 'typeorm';
import { CreateSalesSchema1767300000000 } from './1767300000000-CreateSalesSchema';

export const salesMigrations: Array<new () => MigrationInterface> = [CreateSalesSchema1767300000000];
