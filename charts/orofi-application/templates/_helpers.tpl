{#-
Helpers of orofi-application, as minijinja macros. Each macro is the port of the Go template
`define` of the same name in the original chart (orofi-application.<name>). Templates call them
as `h.fullname()` without importing this file (orochart evaluates each argument-less helper once
per render), or as `include(h.validate)` where a `fail` must be reported at the caller's line,
as Helm reports it. Helpers call each other through `h` too, so that a helper used by several
others (`fullname`) is computed once.
-#}

{#- Chart name, or nameOverride. Used for the app.kubernetes.io/name label. #}
{%- macro name() -%}
{{- Values.nameOverride | default(Chart.Name) | trunc(63) | trimSuffix("-") }}
{%- endmacro %}

{#-
Full name of every object: fullnameOverride, else the release name. Each service is released
under its own name into the namespace of the same name, so the release name alone is the
service name. Truncated to 63 characters (the DNS label limit) with any trailing "-" removed.
#}
{%- macro fullname() -%}
{{- Values.fullnameOverride | default(Release.Name) | trunc(63) | trimSuffix("-") }}
{%- endmacro %}

{#- Chart name and version for the helm.sh/chart label. #}
{%- macro chart() -%}
{{- printf("%s-%s", Chart.Name, Chart.Version) | replace("+", "_") | trunc(63) | trimSuffix("-") }}
{%- endmacro %}

{#- Selector labels: the immutable subset used by workload selectors, the Service selector and Istio subsets. #}
{%- macro selectorLabels() -%}
app: {{ h.fullname() }}
app.kubernetes.io/name: {{ h.name() }}
app.kubernetes.io/instance: {{ Release.Name }}
{%- endmacro %}

{#- Common labels, set on every object. #}
{%- macro labels() -%}
{{ h.selectorLabels() }}
{%- if Values.image.tag %}
app.kubernetes.io/version: {{ Values.image.tag | quote }}
{%- endif %}
app.kubernetes.io/managed-by: {{ Release.Service }}
helm.sh/chart: {{ h.chart() }}
{%- endmacro %}

{#-
Pod labels: the selector labels, the image version (also as the plain `version` label that Istio
telemetry reads) and Values.podLabels. The helm.sh/chart label is left off on purpose: a chart
version bump alone must not restart every pod.
#}
{%- macro podLabels() -%}
{{ h.selectorLabels() }}
{%- if Values.image.tag %}
app.kubernetes.io/version: {{ Values.image.tag | quote }}
{%- endif %}
version: {{ Values.image.tag | quote }}
{%- if Values.podLabels %}
{{ Values.podLabels | toYaml }}
{%- endif %}
{%- endmacro %}

{#-
The data block of the ConfigMap, one quoted entry per key of Values.config, sorted by key. The
pod template's checksum/config annotation is the sha256 of exactly this text, so pods roll when
the configuration changes and only then.
#}
{%- macro configData() -%}
{%- for key, value in Values.config | items %}
{{ key }}: {{ value | quote }}
{%- endfor %}
{%- endmacro %}

{#- Name of the ServiceAccount the pods run as. #}
{%- macro serviceAccountName() -%}
{%- if Values.serviceAccount.create %}
{{- Values.serviceAccount.name | default(h.fullname()) }}
{%- else %}
{{- Values.serviceAccount.name | default("default") }}
{%- endif %}
{%- endmacro %}

{#- Name of the ConfigMap rendered from Values.config. #}
{%- macro configMapName() -%}
{{- printf("%s-config", h.fullname()) }}
{%- endmacro %}

{#-
Name of the blue-green preview Service. The full name is cut to 55 characters so that the name
with its "-preview" suffix stays a valid 63-character DNS label.
#}
{%- macro previewServiceName() -%}
{{- printf("%s-preview", h.fullname() | trunc(55) | trimSuffix("-")) }}
{%- endmacro %}

{#- In-mesh host name of the main Service, used by the VirtualService and the DestinationRule. #}
{%- macro serviceHost() -%}
{{- printf("%s.%s.svc.cluster.local", h.fullname(), Release.Namespace) }}
{%- endmacro %}

{#- Container image reference: repository@digest when a digest is pinned, repository:tag otherwise. #}
{%- macro image() -%}
{%- if Values.image.digest %}
{{- printf("%s@%s", Values.image.repository, Values.image.digest) }}
{%- else %}
{{- printf("%s:%v", Values.image.repository, Values.image.tag) }}
{%- endif %}
{%- endmacro %}

{#-
"true" when the workload is an Argo Rollout using the canary strategy with Istio traffic routing,
empty otherwise. The strategy goes through toString so that a non-string value reaches the clear
failure in validate.
#}
{%- macro canaryTrafficRouting() -%}
{%- if Values.rollout.enabled and (Values.rollout.strategy | toString) == "canary" and Values.rollout.canary.trafficRouting -%}
true
{%- endif %}
{%- endmacro %}

{#- "true" when the workload is an Argo Rollout using the blueGreen strategy, empty otherwise. #}
{%- macro blueGreen() -%}
{%- if Values.rollout.enabled and (Values.rollout.strategy | toString) == "blueGreen" -%}
true
{%- endif %}
{%- endmacro %}

{#- Target of the HPA or the KEDA ScaledObject: the Rollout when rollout.enabled, the Deployment otherwise. #}
{%- macro scaleTargetRef() -%}
{%- if Values.rollout.enabled -%}
apiVersion: argoproj.io/v1alpha1
kind: Rollout
{%- else -%}
apiVersion: apps/v1
kind: Deployment
{%- endif %}
name: {{ h.fullname() }}
{%- endmacro %}

{#-
Checks the values and fails with a clear message on an invalid combination. Renders nothing.
Included once, with `include(h.validate)`, by whichever workload template renders.
#}
{%- macro validate() -%}
{%- if not Values.image.tag %}
{{- fail("image.tag is required: set it to the image tag built by CI, e.g. --set image.tag=<commit-sha>") }}
{%- endif %}
{%- if Values.autoscaling.enabled and Values.keda.enabled %}
{{- fail("autoscaling.enabled and keda.enabled are mutually exclusive: KEDA creates and manages its own HPA, so enable only one of them") }}
{%- endif %}
{%- if Values.keda.enabled and (Values.keda.minReplicaCount | toString) == "0" %}
{%- set ns = namespace(eventTrigger=false) %}
{%- for trigger in Values.keda.triggers %}
{%- if not has(trigger.type | toString, ["cpu", "memory"]) %}
{%- set ns.eventTrigger = true %}
{%- endif %}
{%- endfor %}
{%- if not ns.eventTrigger %}
{{- fail("keda.minReplicaCount=0 (scale to zero) needs at least one trigger other than cpu or memory: KEDA cannot scale to zero on resource metrics") }}
{%- endif %}
{%- endif %}
{%- if Values.rollout.enabled %}
{%- if not has(Values.rollout.strategy, ["canary", "blueGreen"]) %}
{{- fail(printf("rollout.strategy must be \"canary\" or \"blueGreen\", got %q", Values.rollout.strategy | toString)) }}
{%- endif %}
{%- if h.canaryTrafficRouting() and not Values.istio.virtualService.enabled %}
{{- fail("rollout.canary.trafficRouting requires istio.virtualService.enabled=true: Argo Rollouts shifts canary traffic by editing the weights of the VirtualService route \"primary\"") }}
{%- endif %}
{%- if h.blueGreen() and not Values.service.enabled %}
{{- fail("rollout.strategy=blueGreen requires service.enabled=true: the Service is the Rollout's activeService") }}
{%- endif %}
{%- endif %}
{%- endmacro %}

{#-
An httpGet probe on the named container port "http". Takes one entry of Values.probes; timing
fields left unset (or 0) fall back to the Kubernetes defaults.
#}
{%- macro httpProbe(p) -%}
httpGet:
  path: {{ p.path }}
  port: http
{%- if p.initialDelaySeconds %}
initialDelaySeconds: {{ p.initialDelaySeconds }}
{%- endif %}
{%- if p.periodSeconds %}
periodSeconds: {{ p.periodSeconds }}
{%- endif %}
{%- if p.timeoutSeconds %}
timeoutSeconds: {{ p.timeoutSeconds }}
{%- endif %}
{%- if p.failureThreshold %}
failureThreshold: {{ p.failureThreshold }}
{%- endif %}
{%- endmacro %}

{#- Pod template (metadata and spec) shared by the Deployment and the Rollout. #}
{%- macro podTemplate() -%}
metadata:
  annotations:
    checksum/config: {{ h.configData() | trim | sha256sum }}
    {%- if Values.istio.excludeOutboundPorts %}
    traffic.sidecar.istio.io/excludeOutboundPorts: {{ Values.istio.excludeOutboundPorts | quote }}
    {%- endif %}
    {%- if Values.podAnnotations %}
    {{- Values.podAnnotations | toYaml | nindent(4) }}
    {%- endif %}
  labels:
    {{- h.podLabels() | nindent(4) }}
spec:
  {%- if Values.imagePullSecrets %}
  imagePullSecrets:
    {{- Values.imagePullSecrets | toYaml | nindent(4) }}
  {%- endif %}
  serviceAccountName: {{ h.serviceAccountName() }}
  {%- if Values.podSecurityContext %}
  securityContext:
    {{- Values.podSecurityContext | toYaml | nindent(4) }}
  {%- endif %}
  {%- if Values.priorityClassName %}
  priorityClassName: {{ Values.priorityClassName }}
  {%- endif %}
  terminationGracePeriodSeconds: {{ Values.terminationGracePeriodSeconds }}
  containers:
    - name: app
      image: {{ h.image() | quote }}
      imagePullPolicy: {{ Values.image.pullPolicy }}
      {%- if Values.command %}
      command:
        {{- Values.command | toYaml | nindent(8) }}
      {%- endif %}
      {%- if Values.args %}
      args:
        {{- Values.args | toYaml | nindent(8) }}
      {%- endif %}
      ports:
        - name: http
          containerPort: {{ Values.containerPort }}
          protocol: TCP
      {%- if Values.env or Values.extraEnv %}
      env:
        {%- for name, value in Values.env | items %}
        - name: {{ name }}
          value: {{ value | quote }}
        {%- endfor %}
        {%- if Values.extraEnv %}
        {{- Values.extraEnv | toYaml | nindent(8) }}
        {%- endif %}
      {%- endif %}
      {%- if Values.config or Values.envFromSecrets %}
      envFrom:
        {%- if Values.config %}
        - configMapRef:
            name: {{ h.configMapName() }}
        {%- endif %}
        {%- for secret in Values.envFromSecrets %}
        - secretRef:
            name: {{ secret }}
        {%- endfor %}
      {%- endif %}
      {%- if Values.probes.liveness and Values.probes.liveness.enabled %}
      livenessProbe:
        {{- httpProbe(Values.probes.liveness) | nindent(8) }}
      {%- endif %}
      {%- if Values.probes.readiness and Values.probes.readiness.enabled %}
      readinessProbe:
        {{- httpProbe(Values.probes.readiness) | nindent(8) }}
      {%- endif %}
      {%- if Values.probes.startup and Values.probes.startup.enabled %}
      startupProbe:
        {{- httpProbe(Values.probes.startup) | nindent(8) }}
      {%- endif %}
      {%- if Values.resources %}
      resources:
        {{- Values.resources | toYaml | nindent(8) }}
      {%- endif %}
      {%- if Values.securityContext %}
      securityContext:
        {{- Values.securityContext | toYaml | nindent(8) }}
      {%- endif %}
  {%- if Values.nodeSelector %}
  nodeSelector:
    {{- Values.nodeSelector | toYaml | nindent(4) }}
  {%- endif %}
  {%- if Values.affinity %}
  affinity:
    {{- Values.affinity | toYaml | nindent(4) }}
  {%- endif %}
  {%- if Values.tolerations %}
  tolerations:
    {{- Values.tolerations | toYaml | nindent(4) }}
  {%- endif %}
  {%- if Values.topologySpreadConstraints %}
  topologySpreadConstraints:
    {{- Values.topologySpreadConstraints | toYaml | nindent(4) }}
  {%- endif %}
{%- endmacro %}
