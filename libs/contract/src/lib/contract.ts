export function contract(): string {
  return 'contract';
}
