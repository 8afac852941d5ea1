import { describeMigrations } from '@platform/testing';
import { projectDeliveryService } from './service';

describeMigrations(projectDeliveryService);
