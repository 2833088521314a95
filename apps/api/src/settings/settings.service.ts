import { Inject, Injectable } from '@nestjs/common';
import {
  CRITICAL_ISSUE_TYPES,
  type CriticalIssueType,
  type EditBasketItemDto,
  type GithubSettingsDto,
  SETTINGS_LIMITS,
  type SettingsDto,
  type SettingsUpdateDto,
  THEMES,
  type TrackedPullRequestDto,
} from '@orphelix/contract';
import { type FieldError, RequestValidationError } from '../common/errors/request-validation.error';
import { SETTINGS_REPOSITORY, type SettingsRepository } from '../persistence/repositories/settings.repository';

/** What a user who never changed anything gets. */
export function defaultSettings(): SettingsDto {
  return {
    theme: 'system',
    defaultContext: null,
    defaultNamespace: null,
    contextAliases: {},
    sidebarPins: null,
    criticalIssues: Object.fromEntries(CRITICAL_ISSUE_TYPES.map((type) => [type, true])) as Record<CriticalIssueType, boolean>,
    liveUpdates: true,
    github: { repo: null, branch: null },
    editBasket: [],
    pullRequests: [],
  };
}

type Document = Record<string, unknown>;

/**
 * Per-user settings: one document per user holding only what they changed, read with the defaults
 * filled in. Updates are read-modify-writes under the row lock, so concurrent requests that change
 * different keys all survive.
 */
@Injectable()
export class SettingsService {
  constructor(@Inject(SETTINGS_REPOSITORY) private readonly settings: SettingsRepository) {}

  async get(userId: string): Promise<SettingsDto> {
    return withDefaults((await this.settings.find(userId))?.document ?? {});
  }

  /** Applies the keys `update` carries; a result that breaks a bound is a 400 naming the field. */
  async update(userId: string, update: SettingsUpdateDto): Promise<SettingsDto> {
    const changes = plain(update);
    const stored = await this.settings.update(userId, (current) => {
      const next = merge(current, changes);
      checkBounds(withDefaults(next));
      return next;
    });
    return withDefaults(stored.document);
  }

  async reset(userId: string): Promise<SettingsDto> {
    await this.settings.remove(userId);
    return defaultSettings();
  }
}

/** The body as plain JSON: class instances and keys left `undefined` are gone. */
function plain(update: SettingsUpdateDto): Document {
  return JSON.parse(JSON.stringify(update)) as Document;
}

function isObject(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The stored document after `changes`: maps merge key by key, everything else replaces. */
export function merge(current: Document, changes: Document): Document {
  const next: Document = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    switch (key) {
      case 'criticalIssues':
      case 'github':
        next[key] = { ...(isObject(current[key]) ? current[key] : {}), ...(value as Document) };
        break;
      case 'contextAliases': {
        // A Map, then fromEntries: keys such as "__proto__" stay plain keys.
        const aliases = new Map(Object.entries(isObject(current[key]) ? current[key] : {}));
        for (const [context, alias] of Object.entries(value as Document)) {
          if (alias === null) aliases.delete(context);
          else aliases.set(context, alias);
        }
        next[key] = Object.fromEntries(aliases);
        break;
      }
      default:
        next[key] = value;
    }
  }
  return next;
}

/**
 * The settings a stored document describes, defaults filling what it lacks. Values that are not of
 * the expected type (written by another version) fall back to the default rather than reach clients.
 */
export function withDefaults(document: Document): SettingsDto {
  const defaults = defaultSettings();
  const pick = <K extends keyof SettingsDto>(key: K, valid: (value: unknown) => boolean): SettingsDto[K] =>
    valid(document[key]) ? (document[key] as SettingsDto[K]) : defaults[key];
  const string = (value: unknown): boolean => typeof value === 'string';
  const nullableString = (value: unknown): boolean => value === null || typeof value === 'string';
  const critical = isObject(document['criticalIssues']) ? document['criticalIssues'] : {};
  const github = isObject(document['github']) ? document['github'] : {};
  return {
    theme: pick('theme', (v) => (THEMES as readonly unknown[]).includes(v)),
    defaultContext: pick('defaultContext', nullableString),
    defaultNamespace: pick('defaultNamespace', nullableString),
    contextAliases: pick('contextAliases', (v) => isObject(v) && Object.values(v).every(string)),
    sidebarPins: pick('sidebarPins', (v) => v === null || (Array.isArray(v) && v.every(string))),
    criticalIssues: Object.fromEntries(
      CRITICAL_ISSUE_TYPES.map((type) => [type, typeof critical[type] === 'boolean' ? critical[type] : defaults.criticalIssues[type]]),
    ) as Record<CriticalIssueType, boolean>,
    liveUpdates: pick('liveUpdates', (v) => typeof v === 'boolean'),
    github: {
      repo: isObject(github['repo']) ? (github['repo'] as unknown as GithubSettingsDto['repo']) : null,
      branch: typeof github['branch'] === 'string' ? github['branch'] : null,
    },
    editBasket: pick('editBasket', (v) => Array.isArray(v)) as EditBasketItemDto[],
    pullRequests: pick('pullRequests', (v) => Array.isArray(v)) as TrackedPullRequestDto[],
  };
}

/** Bounds that span several items, which per-field validation cannot see. */
function checkBounds(settings: SettingsDto): void {
  const fields: FieldError[] = [];
  const aliases = Object.keys(settings.contextAliases).length;
  if (aliases > SETTINGS_LIMITS.contextAliases) {
    fields.push({ field: 'body.contextAliases', message: `contextAliases may hold at most ${SETTINGS_LIMITS.contextAliases} aliases, this change makes ${aliases}` });
  }
  const seen = new Set<string>();
  let total = 0;
  settings.editBasket.forEach((item, index) => {
    const key = JSON.stringify([item.owner, item.repo, item.branch, item.path]);
    if (seen.has(key)) {
      fields.push({ field: `body.editBasket[${index}].path`, message: `editBasket holds ${item.path} of ${item.owner}/${item.repo}@${item.branch} twice` });
    }
    seen.add(key);
    total += item.content.length + (item.originalContent?.length ?? 0);
  });
  if (total > SETTINGS_LIMITS.editBasketTotalLength) {
    fields.push({ field: 'body.editBasket', message: `editBasket may hold at most ${SETTINGS_LIMITS.editBasketTotalLength} characters of file content, got ${total}` });
  }
  if (fields.length > 0) throw new RequestValidationError(fields);
}
