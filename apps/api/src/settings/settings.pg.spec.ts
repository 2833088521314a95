import { postgresTestDatabase } from '../persistence/testing/test-databases';
import { describeSettingsConcurrency } from './testing/settings-suite';

describe('/api/settings on PostgreSQL', () => {
  describeSettingsConcurrency(() => postgresTestDatabase());
});
