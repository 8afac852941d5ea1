import type { MigrationInterface } from 'typeorm';
import { CreateAccountingSchema1767330000000 } from './1767330000000-CreateAccountingSchema';

export const migrations: Array<new () => MigrationInterface> = [CreateAccountingSchema1767330000000];
