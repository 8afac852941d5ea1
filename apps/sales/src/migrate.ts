import { migrateMain } from '@platform/service-kit';
import { salesService } from './service';

migrateMain(salesService).catch((error: Error) => {
  process.stderr.write(`migration failed: ${error.message}\n`);
  process.exit(1);
});
