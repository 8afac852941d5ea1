// One implementation of database administration, in libs/infra (which `npm start` uses too).
export { ensureDatabaseExists, dropDatabaseIfExists, cloneDatabase } from '@platform/infra';
