import { Module } from '@nestjs/common';
import { ResourcesModule } from '../resources/resources.module';
import { ConfigMapsController } from './configmaps.controller';
import { SecretsController } from './secrets.controller';

/** ConfigMaps and Secrets (the app's own configuration lives in `config/`). */
@Module({
  imports: [ResourcesModule],
  controllers: [ConfigMapsController, SecretsController],
})
export class ConfigResourcesModule {}
