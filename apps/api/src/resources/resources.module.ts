import { Module } from '@nestjs/common';
import { ResourceService } from './resource.service';

/** The generic read side shared by every resource family's module. */
@Module({
  providers: [ResourceService],
  exports: [ResourceService],
})
export class ResourcesModule {}
