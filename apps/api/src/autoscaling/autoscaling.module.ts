import { Module } from '@nestjs/common';
import { ResourcesModule } from '../resources/resources.module';
import { HpaController } from './hpa.controller';

@Module({
  imports: [ResourcesModule],
  controllers: [HpaController],
})
export class AutoscalingModule {}
