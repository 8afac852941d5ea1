import { runMain } from '@platform/service-kit';
import { projectDeliveryService } from './service';

void runMain(projectDeliveryService);
