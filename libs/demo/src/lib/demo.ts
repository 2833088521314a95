export function demo(): string {
  return 'demo';
}
