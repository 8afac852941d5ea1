export * from './authz';
export * from './errors';
export * from './identity';
export * from './loaders';
export * from './money-input';
export * from './scalars';
export * from './subgraph-server';
export * from './resolver-map';
