export * from './client';
export * from './tokens';
export * from './steps';
export * from './portfolio';
export * from './demo';
