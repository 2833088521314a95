import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateContractSchemas, serializeContractSchemas } from './contract-schemas.generate';

describe('contract schemas', () => {
  it('match libs/contract (regenerate with: node apps/api/src/openapi/contract-schemas.generate.ts)', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const committed = readFileSync(join(__dirname, 'contract-schemas.json'), 'utf8');
    expect(serializeContractSchemas(generateContractSchemas(root))).toBe(committed);
  });
});
