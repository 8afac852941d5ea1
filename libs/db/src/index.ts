export * from './data-source';
export * from './database-admin';
export * from './transformers';
export * from './read-snapshot';
