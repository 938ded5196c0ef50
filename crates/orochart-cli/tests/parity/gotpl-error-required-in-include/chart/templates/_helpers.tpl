{{- define "need" -}}
{{ required "need .Values.x" .Values.x }}
{{- end -}}
