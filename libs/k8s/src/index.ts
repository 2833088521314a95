export * from './lib/k8s';
