import { runMain } from '@platform/service-kit';
import { accountingService } from './service';

void runMain(accountingService);
