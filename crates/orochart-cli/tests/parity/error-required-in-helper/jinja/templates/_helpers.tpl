{%- macro need() -%}
{{ required("image.tag is required", Values.image.tag) }}
{%- endmacro %}
