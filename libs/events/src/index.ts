export * from './catalogue';
export * from './envelope';
export * from './money';
export { type EventMoney } from './primitives';
