import { Module } from '@nestjs/common';
import { ResourcesModule } from '../resources/resources.module';
import { IngressController } from './ingress.controller';
import { NetworkService } from './network.service';
import { ServicesController } from './services.controller';

/** Services and ingresses. */
@Module({
  imports: [ResourcesModule],
  controllers: [IngressController, ServicesController],
  providers: [NetworkService],
})
export class NetworkModule {}
