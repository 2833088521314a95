export * from './kinds/kinds';
export * from './port/cluster-port';
export * from './port/errors';
export * from './mappers';
