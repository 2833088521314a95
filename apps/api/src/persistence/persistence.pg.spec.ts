import { describePersistence } from './testing/persistence-suite';
import { postgresTestDatabase } from './testing/test-databases';

describe('persistence on PostgreSQL', () => {
  describePersistence((options) => postgresTestDatabase(options), { concurrentConnections: true });
});
