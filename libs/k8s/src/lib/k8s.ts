export function k8s(): string {
  return 'k8s';
}
