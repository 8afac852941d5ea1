// The plain values every domain works with: the acting person (Actor), calendar dates, ids, and
// the parsing of API numbers into them. Pure: no GraphQL, TypeORM, Kafka or clock, so any
// apps/*/src/domain file may import it (eslint enforces the rest).
export * from './actor';
export * from './dates';
export * from './ids';
export * from './input';
export * from './text-policy';
