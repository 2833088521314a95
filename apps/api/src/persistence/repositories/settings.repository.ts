import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '../database';

/** A user's stored settings document: only what they changed; defaults are filled in by the service. */
export interface StoredSettings {
  userId: string;
  document: Record<string, unknown>;
  /** Grows by one with every write; 0 before the first. */
  version: number;
  updatedAt: number;
}

export interface SettingsRepository {
  /** The stored document, or null when the user never saved settings. */
  find(userId: string): Promise<StoredSettings | null>;
  /**
   * Read-modify-write under a row lock: `change` receives the current document (`{}` when none) and
   * returns the new one. Concurrent updates of one user run one after the other, each seeing the
   * previous one's result, so none is lost.
   */
  update(
    userId: string,
    change: (current: Record<string, unknown>) => Record<string, unknown>,
    now?: number,
  ): Promise<StoredSettings>;
  /** Forgets the user's settings; answers whether there were any. */
  remove(userId: string): Promise<boolean>;
}

export const SETTINGS_REPOSITORY = Symbol('SETTINGS_REPOSITORY');

interface SettingsRow {
  user_id: string;
  document: string;
  version: number | bigint;
  updated_at: number | bigint;
  [column: string]: unknown;
}

@Injectable()
export class SqlSettingsRepository implements SettingsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(userId: string): Promise<StoredSettings | null> {
    const [row] = await this.db.query<SettingsRow>(
      'SELECT user_id, document, version, updated_at FROM settings WHERE user_id = $1',
      [userId],
    );
    return row ? toStored(row) : null;
  }

  update(
    userId: string,
    change: (current: Record<string, unknown>) => Record<string, unknown>,
    now = Date.now(),
  ): Promise<StoredSettings> {
    return this.db.transaction(async (tx) => {
      // Make sure a row exists to lock: concurrent first writes wait here for each other.
      await tx.execute(
        "INSERT INTO settings (user_id, document, version, updated_at) VALUES ($1, '{}', 0, $2) ON CONFLICT (user_id) DO NOTHING",
        [userId, now],
      );
      const [row] = await tx.query<SettingsRow>(
        'SELECT user_id, document, version, updated_at FROM settings WHERE user_id = $1 FOR UPDATE',
        [userId],
      );
      if (!row) throw new Error(`The settings row of ${userId} vanished inside its transaction`);
      const current = toStored(row);
      const document = change(current.document);
      const version = current.version + 1;
      await tx.execute('UPDATE settings SET document = $2, version = $3, updated_at = $4 WHERE user_id = $1', [
        userId,
        JSON.stringify(document),
        version,
        now,
      ]);
      return { userId, document, version, updatedAt: now };
    });
  }

  async remove(userId: string): Promise<boolean> {
    return (await this.db.execute('DELETE FROM settings WHERE user_id = $1', [userId])) > 0;
  }
}

function toStored(row: SettingsRow): StoredSettings {
  const parsed: unknown = JSON.parse(row.document);
  return {
    userId: row.user_id,
    document: typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {},
    version: Number(row.version),
    updatedAt: Number(row.updated_at),
  };
}
