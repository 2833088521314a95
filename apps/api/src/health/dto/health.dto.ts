import { ApiProperty } from '@nestjs/swagger';

export class LivenessDto {
  /** Always `ok`: answering at all is the signal. */
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

export class ReadinessDto {
  /** `ok` when the API can serve requests. */
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  /** Where cluster data comes from. */
  @ApiProperty({ enum: ['cluster', 'demo'] })
  mode!: 'cluster' | 'demo';
}
