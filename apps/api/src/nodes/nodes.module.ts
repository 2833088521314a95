import { Module } from '@nestjs/common';
import { ResourcesModule } from '../resources/resources.module';
import { NodesController } from './nodes.controller';
import { NodesService } from './nodes.service';

@Module({
  imports: [ResourcesModule],
  controllers: [NodesController],
  providers: [NodesService],
})
export class NodesModule {}
