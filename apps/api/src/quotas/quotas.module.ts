import { Module } from '@nestjs/common';
import { ResourcesModule } from '../resources/resources.module';
import { ResourceQuotasController } from './resourcequotas.controller';

@Module({
  imports: [ResourcesModule],
  controllers: [ResourceQuotasController],
})
export class QuotasModule {}
