import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { ListResponse } from '@orphelix/contract';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';

/**
 * A list envelope whose items already have their JSON text (memoised by the watch cache). It is a
 * real `ListResponse` for code that reads it; the interceptor below sends its text, so a 10,000-pod
 * list costs a string join instead of a JSON.stringify of every DTO.
 */
export class PreSerializedList<T> implements ListResponse<T> {
  constructor(
    readonly items: T[],
    private readonly itemJson: readonly string[],
    readonly total: number,
    readonly offset: number,
    readonly limit: number | null,
    readonly resourceVersion: string | null,
  ) {}

  toJsonText(): string {
    const tail = JSON.stringify({ total: this.total, offset: this.offset, limit: this.limit, resourceVersion: this.resourceVersion });
    return `{"items":[${this.itemJson.join(',')}],${tail.slice(1)}`;
  }

  /** Same shape when something does stringify it. */
  toJSON(): ListResponse<T> {
    return { items: this.items, total: this.total, offset: this.offset, limit: this.limit, resourceVersion: this.resourceVersion };
  }
}

/** Sends a PreSerializedList as its text with the JSON content type; anything else passes through. */
@Injectable()
export class PreSerializedInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value: unknown) => {
        if (!(value instanceof PreSerializedList)) return value;
        context.switchToHttp().getResponse<Response>().type('application/json; charset=utf-8');
        return value.toJsonText();
      }),
    );
  }
}
