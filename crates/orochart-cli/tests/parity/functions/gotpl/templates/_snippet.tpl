{{- define "snippet" -}}
snippet-{{ .Values.text }}-{{ .Release.Namespace }}
{{- end }}
