// Test and benchmark helpers: `@platform/messaging/testing`. The production entry
// (`@platform/messaging`) never exports these.
export { readTopic, readRawTopic, produceRaw, type RawTopicMessage } from './topic-tools';
export * from './pipeline';
