export * from './currencies';
export * from './money';
export * from './non-negative';
