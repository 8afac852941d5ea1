import { describeMigrations } from '@platform/testing';
import { engagementService } from './service';

describeMigrations(engagementService);
