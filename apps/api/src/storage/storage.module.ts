import { Module } from '@nestjs/common';
import { ResourcesModule } from '../resources/resources.module';
import { PersistentVolumeClaimsController } from './pvcs.controller';
import { PersistentVolumesController } from './pvs.controller';

/** PersistentVolumes and PersistentVolumeClaims. */
@Module({
  imports: [ResourcesModule],
  controllers: [PersistentVolumeClaimsController, PersistentVolumesController],
})
export class StorageModule {}
