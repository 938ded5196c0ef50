{{/* helpers */}}
{{- define "parity.name" -}}
{{ .Values.name }}-{{ .Release.Name }}
{{- end }}
{{- define "parity.echo" }}[{{ . }}]{{ end }}
{{- define "parity.self" -}}
{{ .Template.Name }}
{{- end -}}
