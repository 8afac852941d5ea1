import { describeMigrations } from '@platform/testing';
import { accountingService } from './service';

describeMigrations(accountingService);
