import manifest from './services.json';

/**
 * The platform's subgraphs, from the one manifest (services.json) that every script, test
 * helper and config reads instead of keeping its own list.
 */
export interface SubgraphService {
  /** The app's folder under apps/ and its Nx project name. */
  name: string;
  /** Local port under `npm start`. */
  port: number;
  /** Local database name under `npm start`. */
  database: string;
  /** Short name of its Kafka topic: `<topic>.events`. */
  topic: string;
}

export const SUBGRAPHS: readonly SubgraphService[] = manifest.subgraphs;
export const GATEWAY = manifest.gateway;
export type SubgraphName = (typeof manifest.subgraphs)[number]['name'];

/** Every app, gateway included (the apps/ folders that are services). */
export const APP_NAMES: readonly string[] = [GATEWAY.name, ...SUBGRAPHS.map((s) => s.name)];

/** `project-delivery` → `PROJECT_DELIVERY`: the prefix of a service's environment variables. */
export const envPrefix = (name: string): string => name.toUpperCase().replace(/-/g, '_');

/** The gateway's variable for a subgraph's URL, e.g. PROJECT_DELIVERY_URL. */
export const urlVariable = (name: string): string => `${envPrefix(name)}_URL`;

/** A service's own database URL variable, e.g. PROJECT_DELIVERY_DATABASE_URL. */
export const databaseUrlVariable = (name: string): string => `${envPrefix(name)}_DATABASE_URL`;

/** The domain topics, one per producing service. */
export const DOMAIN_TOPICS: readonly string[] = SUBGRAPHS.map((s) => `${s.topic}.events`);

/** The entry point of a service under apps/. */
export const entryOf = (name: string): string => `apps/${name}/src/main.ts`;
