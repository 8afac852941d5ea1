// Infrastructure that `npm start`, the services, tests and benchmarks share: PostgreSQL database
// administration, the local Kafka broker and topics, child processes and ports, waiting and
// retrying, and the one list of services. Light on purpose: node built-ins, pg and kafkajs only.
export * from './kafka-broker';
export * from './kafka-admin';
export * from './postgres';
export * from './processes';
export * from './services';
export * from './wait';
