import { Injectable } from '@nestjs/common';
import type { SummaryByKind } from '@orphelix/contract';
import type { ListQueryDto } from '../common/query/common-query.dto';
import type { ListEnvelope } from '../common/query/paginate';
import { ResourceService } from '../resources/resource.service';

/** Joins field selectors; the apiserver ANDs comma-separated requirements. */
function andFieldSelectors(...selectors: (string | undefined)[]): string {
  return selectors.filter((s): s is string => !!s).join(',');
}

@Injectable()
export class NodesService {
  constructor(private readonly resources: ResourceService) {}

  /**
   * Pods scheduled on a node, in every namespace unless one is given. The node must exist, so a typo
   * is a 404 rather than an empty list.
   */
  async pods(context: string, name: string, query: ListQueryDto): Promise<ListEnvelope<SummaryByKind['pods']>> {
    await this.resources.find('nodes', context, name);
    return this.resources.list('pods', context, {
      ...query,
      fieldSelector: andFieldSelectors(`spec.nodeName=${name}`, query.fieldSelector),
    });
  }
}
