import { z } from 'zod';
import {
  ConfigError,
  MARGIN_THRESHOLD_PERCENT,
  assertProductionSecrets,
  defaults,
  loadConfig,
  subgraphEnv,
} from './config';

describe('configuration', () => {
  const schema = subgraphEnv({ name: 'sales', port: 4001, database: 'sales' });

  it('applies defaults for local development', () => {
    const config = loadConfig(schema, {});
    expect(config.PORT).toBe(4001);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/sales');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.EVENTS_ENABLED).toBe(true);
  });

  it('fails fast naming the bad variable', () => {
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(/PORT: .*\(got "eighty"\)/);
    expect(() => loadConfig(schema, { DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig(z.object({ NEEDED: z.string() }), {})).toThrow(/NEEDED/);
  });

  it('refuses the development signing secret in production', () => {
    const config = loadConfig(schema, { NODE_ENV: 'production' });
    expect(config.GATEWAY_SIGNING_SECRET).toBe(defaults.DEV_GATEWAY_SECRET);
    expect(() => assertProductionSecrets(config)).toThrow(/GATEWAY_SIGNING_SECRET/);
  });

  it('validates MARGIN_THRESHOLD_PERCENT once for sales and accounting: −100 to 100, default 20', () => {
    const schema = z.object({ MARGIN_THRESHOLD_PERCENT });
    expect(loadConfig(schema, {}).MARGIN_THRESHOLD_PERCENT).toBe(20);
    expect(loadConfig(schema, { MARGIN_THRESHOLD_PERCENT: '-15' }).MARGIN_THRESHOLD_PERCENT).toBe(-15);
    expect(loadConfig(schema, { MARGIN_THRESHOLD_PERCENT: '100' }).MARGIN_THRESHOLD_PERCENT).toBe(100);
    expect(() => loadConfig(schema, { MARGIN_THRESHOLD_PERCENT: '-101' })).toThrow(
      /MARGIN_THRESHOLD_PERCENT/,
    );
    expect(() => loadConfig(schema, { MARGIN_THRESHOLD_PERCENT: '101' })).toThrow(/MARGIN_THRESHOLD_PERCENT/);
  });
});
