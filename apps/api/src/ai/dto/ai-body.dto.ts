import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';

export const QUESTION_MAX = 4_000;
export const TURN_MAX = 32_000;
export const HISTORY_MAX = 20;

/** One earlier turn of the conversation, as the console shows it. */
export class TroubleshootTurnBody {
  @ApiProperty({ enum: ['user', 'assistant'] })
  @IsIn(['user', 'assistant'], { message: 'role must be user or assistant' })
  role!: 'user' | 'assistant';

  @ApiProperty({ minLength: 1, maxLength: TURN_MAX })
  @Length(1, TURN_MAX)
  @IsString()
  content!: string;
}

/**
 * The conversation so far. The server keeps none (any replica can answer the next question): the
 * console sends the earlier turns back with each follow-up, and they are redacted again.
 */
export class TroubleshootBody {
  /** A follow-up question; omitted on the first turn, which asks for the diagnosis. */
  @ApiPropertyOptional({ minLength: 1, maxLength: QUESTION_MAX })
  @IsOptional()
  @Length(1, QUESTION_MAX)
  @IsString()
  question?: string;

  /** Earlier turns, oldest first; at most 20. */
  @ApiPropertyOptional({ type: [TroubleshootTurnBody], maxItems: HISTORY_MAX })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => TroubleshootTurnBody)
  @ArrayMaxSize(HISTORY_MAX, { message: `history may hold at most ${HISTORY_MAX} turns` })
  @IsArray()
  history?: TroubleshootTurnBody[];
}
