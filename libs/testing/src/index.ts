export * from './test-service';
export * from './tokens';
export * from './stack';
export * from './portfolio';
export * from './event-feed';
// Waiting, ports and processes live in @platform/infra (npm start uses them too); tests import
// them from here as well so a test file has one helper module.
export {
  eventually,
  freePort,
  REPO_ROOT,
  startTsProcess,
  waitForHttp,
  type ManagedProcess,
} from '@platform/infra';
export * from './template-database';
export * from './migrations-check';
