{{/* The chart's name, at most 63 characters. */}}
{{- define "orphelix.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the prefix of every object. */}}
{{- define "orphelix.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "orphelix.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "orphelix.selectorLabels" -}}
app.kubernetes.io/name: {{ include "orphelix.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "orphelix.labels" -}}
helm.sh/chart: {{ include "orphelix.chart" . }}
{{ include "orphelix.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "orphelix.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "orphelix.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name: name the existing service account to run as (serviceAccount.create is false)" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret the container's environment comes from: the user's or the chart's (empty when there is none). */}}
{{- define "orphelix.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else if include "orphelix.hasSecretValues" . }}
{{- include "orphelix.fullname" . }}
{{- end }}
{{- end }}

{{- define "orphelix.hasSecretValues" -}}
{{- $s := .Values.secrets }}
{{- if or $s.github.clientId $s.github.clientSecret $s.adminToken $s.aiApiKey $s.databaseUrl $s.secretKey }}true{{ end }}
{{- end }}

{{/* More than one pod at a time: a fixed replicaCount above 1, or an autoscaler. */}}
{{- define "orphelix.multiReplica" -}}
{{- if or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1) }}true{{ end }}
{{- end }}

{{/*
Refuses what the API would refuse at start-up, or what would quietly break: bound beyond loopback, the API
needs a login (GitHub OAuth or an admin token); several replicas need one database and one key.
*/}}
{{- define "orphelix.validate" -}}
{{- $s := .Values.secrets }}
{{- if not $s.existingSecret }}
{{- $github := and $s.github.clientId $s.github.clientSecret }}
{{- if and (or $s.github.clientId $s.github.clientSecret) (not $github) }}
{{- fail "secrets.github: GitHub login needs both clientId and clientSecret" }}
{{- end }}
{{- if not (or $github $s.adminToken) }}
{{- fail "orphelix listens beyond loopback in a pod, so it requires a login: set secrets.github.clientId and secrets.github.clientSecret (GitHub OAuth), or secrets.adminToken (>= 32 characters), or secrets.existingSecret naming a Secret that holds GITHUB_CLIENT_ID/GITHUB_CLIENT_SECRET or ORPHELIX_ADMIN_TOKEN" }}
{{- end }}
{{- if and $s.adminToken (lt (len $s.adminToken) 32) }}
{{- fail "secrets.adminToken must be at least 32 characters" }}
{{- end }}
{{- if and $github (not .Values.config.publicUrl) }}
{{- fail "config.publicUrl is required with GitHub login: the OAuth callback is <publicUrl>/api/auth/github/callback" }}
{{- end }}
{{- if and (include "orphelix.multiReplica" .) (not (and $s.databaseUrl $s.secretKey)) }}
{{- fail "more than one replica (replicaCount > 1 or autoscaling.enabled) needs secrets.databaseUrl (PostgreSQL shared by every replica) and secrets.secretKey (the same key on every replica)" }}
{{- end }}
{{- end }}
{{- if and .Values.persistence.enabled (include "orphelix.multiReplica" .) (not .Values.persistence.existingClaim) }}
{{- fail "persistence.enabled with more than one replica: a ReadWriteOnce claim serves one pod; use secrets.databaseUrl instead" }}
{{- end }}
{{- end }}
