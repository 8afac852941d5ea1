export * from './catalogue';
export * from './envelope';
export * from './money';
export { type EventMoney, type RiskReason } from './primitives';
export * from './booking';
