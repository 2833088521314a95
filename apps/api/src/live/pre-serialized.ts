import { Readable } from 'node:stream';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, StreamableFile } from '@nestjs/common';
import type { ListResponse } from '@orphelix/contract';
import { map, type Observable } from 'rxjs';

/** Bytes of item JSON per chunk written: big enough for few syscalls, small enough never to hold the loop. */
const CHUNK_CHARS = 64 * 1024;

/**
 * A list envelope served from the watch cache. Its page is known up front (which objects, the total);
 * each item's DTO and JSON text come from the cache's memo, mapped lazily and written in ~64 KB chunks
 * as the response streams, so a 10,000-pod list neither builds one 6 MB string nor blocks the event
 * loop while it is sent. It is still a real `ListResponse` for code that reads `items`.
 */
export class PreSerializedList<T> implements ListResponse<T> {
  private cached: T[] | null = null;

  constructor(
    /** The page's length. */
    private readonly count: number,
    /** Item i's DTO and JSON text (memoised by the caller). */
    private readonly project: (index: number) => { dto: T; json: string },
    readonly total: number,
    readonly offset: number,
    readonly limit: number | null,
    readonly resourceVersion: string | null,
  ) {}

  get items(): T[] {
    this.cached ??= Array.from({ length: this.count }, (_, i) => this.project(i).dto);
    return this.cached;
  }

  /** The envelope's JSON text in chunks, each item mapped when its chunk is made. */
  *chunks(): Generator<string> {
    let chunk = '{"items":[';
    for (let i = 0; i < this.count; i++) {
      chunk += (i === 0 ? '' : ',') + this.project(i).json;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    const tail = JSON.stringify({ total: this.total, offset: this.offset, limit: this.limit, resourceVersion: this.resourceVersion });
    yield `${chunk}],${tail.slice(1)}`;
  }

  /** Same shape when something does stringify it. */
  toJSON(): ListResponse<T> {
    return { items: this.items, total: this.total, offset: this.offset, limit: this.limit, resourceVersion: this.resourceVersion };
  }
}

/** Sends a PreSerializedList as a JSON stream; anything else passes through. */
@Injectable()
export class PreSerializedInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value: unknown) =>
        value instanceof PreSerializedList
          ? new StreamableFile(Readable.from(value.chunks(), { objectMode: false }), { type: 'application/json; charset=utf-8' })
          : value,
      ),
    );
  }
}
