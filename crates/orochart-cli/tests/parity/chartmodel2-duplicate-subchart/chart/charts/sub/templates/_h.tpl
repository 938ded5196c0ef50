{{- define "sub.v" }}old{{ .Chart.Version }}{{ end }}
