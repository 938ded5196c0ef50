{{- define "parity.need" -}}
{{ required "image.tag is required" .Values.image.tag }}
{{- end }}
