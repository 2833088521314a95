import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { ANALYZER_NAMES, type AnalyzerName, SEVERITIES, type Severity } from '@orphelix/ai';

/** The object a finding is about. */
export class FindingObjectDto {
  /** Kubernetes kind, e.g. `Pod`. */
  kind!: string;
  /** Null for cluster-scoped objects (Nodes). */
  @ApiProperty({ type: 'string', nullable: true })
  namespace!: string | null;
  name!: string;
}

/** A field the analyzer read, by its `kubectl get -o jsonpath` path. */
export class FieldEvidenceDto {
  /** e.g. `status.containerStatuses[0].lastState.terminated.reason`. */
  field!: string;
  value!: string;
}

/** An event the analyzer read. */
export class EventEvidenceDto {
  /** Type and reason, e.g. `Warning BackOff`. */
  event!: string;
  /** The event's message. */
  value!: string;
  count!: number;
  /** ISO 8601; null when the event carries no time. */
  @ApiProperty({ type: 'string', nullable: true })
  lastSeen!: string | null;
}

/** One problem with one object, what it was concluded from, and what to do. */
@ApiExtraModels(FieldEvidenceDto, EventEvidenceDto)
export class FindingDto {
  /** Stable for the same problem with the same object (and container). */
  id!: string;
  @ApiProperty({ enum: ANALYZER_NAMES })
  analyzer!: AnalyzerName;
  @ApiProperty({ enum: SEVERITIES })
  severity!: Severity;
  object!: FindingObjectDto;
  title!: string;
  summary!: string;
  @ApiProperty({ type: 'array', items: { oneOf: [{ $ref: getSchemaPath(FieldEvidenceDto) }, { $ref: getSchemaPath(EventEvidenceDto) }] } })
  evidence!: (FieldEvidenceDto | EventEvidenceDto)[];
  /** Most useful first; commands are complete `kubectl …` lines. */
  nextSteps!: string[];
}

/** A kind the analyzers could not read, so the problems it would show are not reported. */
export class NotLoadedKindDto {
  /** The route name of the kind, e.g. `nodes`. */
  kind!: string;
  /** Why, e.g. `forbidden: cannot list nodes`. */
  reason!: string;
}

/** `GET /api/ai/findings`. */
export class FindingsResponseDto {
  context!: string;
  /** The namespace looked at; null for the whole cluster. */
  @ApiProperty({ type: 'string', nullable: true })
  namespace!: string | null;
  /** The object asked about; null for a namespace or the cluster. */
  @ApiProperty({ type: FindingObjectDto, nullable: true })
  object!: FindingObjectDto | null;
  /** Most severe first. */
  @ApiProperty({ type: [FindingDto] })
  findings!: FindingDto[];
  /** Kinds that could not be read (RBAC); their problems are missing from `findings`. */
  @ApiProperty({ type: [NotLoadedKindDto] })
  notLoaded!: NotLoadedKindDto[];
}

/** One message sent to the model. */
export class ChatMessageDto {
  @ApiProperty({ enum: ['system', 'user', 'assistant'] })
  role!: 'system' | 'user' | 'assistant';
  content!: string;
}

/** How many values a redaction rule replaced. */
export class RedactionDto {
  /** e.g. `pem-block`, `github-token`, `secret-key`, `hidden-name`. */
  rule!: string;
  count!: number;
}

/** The configured model, if any (never its key). */
export class AiProviderDto {
  /** False when no model is set up: troubleshooting answers with the findings only. */
  configured!: boolean;
  @ApiProperty({ type: 'string', nullable: true })
  model!: string | null;
}

/** `POST /api/ai/preview`: exactly what `/api/ai/troubleshoot` would send for the same request. */
export class AiPreviewDto {
  provider!: AiProviderDto;
  /** The messages as they would be sent, after redaction. */
  @ApiProperty({ type: [ChatMessageDto] })
  messages!: ChatMessageDto[];
  /** What the redactor replaced, per rule. */
  @ApiProperty({ type: [RedactionDto] })
  redactions!: RedactionDto[];
  /** The object's findings (also inside the messages). */
  @ApiProperty({ type: [FindingDto] })
  findings!: FindingDto[];
  /** Kinds that could not be read for the findings. */
  @ApiProperty({ type: [NotLoadedKindDto] })
  notLoaded!: NotLoadedKindDto[];
}

/** First event of `/api/ai/troubleshoot`. */
export class TroubleshootStartDto {
  provider!: AiProviderDto;
  @ApiProperty({ type: [FindingDto] })
  findings!: FindingDto[];
  @ApiProperty({ type: [RedactionDto] })
  redactions!: RedactionDto[];
}

/** A piece of the model's answer (Markdown), in order. */
export class TroubleshootDeltaDto {
  text!: string;
}

/** Last event of `/api/ai/troubleshoot`. */
export class TroubleshootDoneDto {
  /** Null when no model is set up. */
  @ApiProperty({ type: 'string', nullable: true })
  model!: string | null;
  /** Set when there was no model to ask: what to configure. */
  @ApiProperty({ type: 'string', nullable: true })
  message!: string | null;
}
