{#-
Chart name, or nameOverride.
#}
{%- macro name() -%}
{{- Values.nameOverride | default(Chart.Name) | trunc(63) | trimSuffix("-") }}
{%- endmacro %}

{%- macro fullname() -%}
{{- Values.fullnameOverride | default(Release.Name) | trunc(63) | trimSuffix("-") }}
{%- endmacro %}

{%- macro selectorLabels() -%}
app.kubernetes.io/name: {{ name() }}
app.kubernetes.io/instance: {{ Release.Name }}
{%- endmacro %}

{%- macro labels() -%}
{{ selectorLabels() }}
app.kubernetes.io/version: {{ Chart.AppVersion | quote }}
helm.sh/chart: {{ printf("%s-%s", Chart.Name, Chart.Version) | replace("+", "_") }}
{%- endmacro %}
