import { Module } from '@nestjs/common';
import { ResourcesModule } from '../resources/resources.module';
import { NamespacesController } from './namespaces.controller';
import { NamespacesService } from './namespaces.service';

@Module({
  imports: [ResourcesModule],
  controllers: [NamespacesController],
  providers: [NamespacesService],
})
export class NamespacesModule {}
