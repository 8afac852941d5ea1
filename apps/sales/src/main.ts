import { runMain } from '@platform/service-kit';
import { salesService } from './service';

void runMain(salesService);
