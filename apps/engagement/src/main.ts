import { runMain } from '@platform/service-kit';
import { engagementService } from './service';

void runMain(engagementService);
