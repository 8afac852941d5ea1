import { describeMigrations } from '@platform/testing';
import { salesService } from './service';

describeMigrations(salesService);
