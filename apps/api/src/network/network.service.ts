import { Injectable } from '@nestjs/common';
import type { SummaryByKind } from '@orphelix/contract';
import type { ListQueryDto } from '../common/query/common-query.dto';
import { type ListEnvelope, paginate } from '../common/query/paginate';
import { ResourceService } from '../resources/resource.service';

@Injectable()
export class NetworkService {
  constructor(private readonly resources: ResourceService) {}

  /**
   * The pods a service sends traffic to: those its selector matches in its own namespace. A service
   * without a selector (endpoints managed by hand, ExternalName) selects no pod, so the list is empty
   * rather than every pod an empty selector would match.
   */
  async pods(context: string, name: string, query: ListQueryDto): Promise<ListEnvelope<SummaryByKind['pods']>> {
    const service = await this.resources.find('services', context, name, query.namespace);
    const namespace = service.metadata?.namespace ?? query.namespace;
    const selector = service.spec?.type === 'ExternalName' ? {} : (service.spec?.selector ?? {});
    const terms = Object.entries(selector).map(([key, value]) => `${key}=${value}`);
    if (terms.length === 0) return paginate([], query);
    const labelSelector = [...terms, ...(query.labelSelector ? [query.labelSelector] : [])].join(',');
    return this.resources.list('pods', context, { ...query, namespace, labelSelector });
  }
}
