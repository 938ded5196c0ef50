{{- define "lib.hello" -}}hello from lib to {{ .Chart.Name }}{{- end -}}
