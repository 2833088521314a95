import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type SqlValue } from '../database';

export type AuditResult = 'success' | 'failure' | 'denied';

export interface AuditEntryInput {
  /** Epoch ms; defaults to now. */
  at?: number;
  /** Who acted: a user id, `token:<id>` or `local`. */
  actor: string;
  /** What they did, dotted: `settings.update`, `pod.restart`, `session.create`. */
  action: string;
  /** What it was done to, e.g. `prod/shop/deployment/web`; null when nothing in particular. */
  target: string | null;
  result: AuditResult;
  requestId: string | null;
  /** Extra facts as JSON. Never put secrets here: the log is for reading. */
  details?: Record<string, unknown>;
}

export interface AuditEntry extends Required<Omit<AuditEntryInput, 'details'>> {
  id: number;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  /** Entries at or after this epoch ms. */
  since?: number;
  /** 1–1000; default 100. */
  limit?: number;
  offset?: number;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Entries matching the filters, before offset and limit. */
  total: number;
}

export interface AuditLogRepository {
  append(entry: AuditEntryInput): Promise<void>;
  /** Newest first. */
  list(query?: AuditQuery): Promise<AuditPage>;
}

export const AUDIT_LOG_REPOSITORY = Symbol('AUDIT_LOG_REPOSITORY');

type AuditRow = {
  id: number | bigint;
  at: number | bigint;
  actor: string;
  action: string;
  target: string | null;
  result: string;
  request_id: string | null;
  details: string;
};

const MAX_LIMIT = 1000;

@Injectable()
export class SqlAuditLogRepository implements AuditLogRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async append(entry: AuditEntryInput): Promise<void> {
    await this.db.execute(
      'INSERT INTO audit_log (at, actor, action, target, result, request_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        entry.at ?? Date.now(),
        entry.actor,
        entry.action,
        entry.target,
        entry.result,
        entry.requestId,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  async list(query: AuditQuery = {}): Promise<AuditPage> {
    const conditions: string[] = [];
    const params: SqlValue[] = [];
    const where = (column: string, operator: string, value: SqlValue | undefined): void => {
      if (value === undefined) return;
      params.push(value);
      conditions.push(`${column} ${operator} $${params.length}`);
    };
    where('actor', '=', query.actor);
    where('action', '=', query.action);
    where('at', '>=', query.since);
    const filter = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), MAX_LIMIT);
    const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
    const [count] = await this.db.query<{ total: number | bigint }>(`SELECT COUNT(*) AS total FROM audit_log ${filter}`, params);
    const rows = await this.db.query<AuditRow>(
      `SELECT id, at, actor, action, target, result, request_id, details FROM audit_log ${filter}
       ORDER BY at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return {
      total: Number(count?.total ?? 0),
      items: rows.map((row) => ({
        id: Number(row.id),
        at: Number(row.at),
        actor: row.actor,
        action: row.action,
        target: row.target,
        result: row.result as AuditResult,
        requestId: row.request_id,
        details: JSON.parse(row.details) as Record<string, unknown>,
      })),
    };
  }
}
