export * from './lib/demo';
