{{- define "sub.only" }}only{{ .Chart.Version }}{{ end }}
