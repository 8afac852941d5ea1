export * from './kafka-broker';
export * from './postgres';
export * from './test-service';
export * from './tokens';
export * from './processes';
export * from './stack';
export * from './portfolio';
export * from './event-feed';
