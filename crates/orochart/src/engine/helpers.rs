//! `h`: a chart's helpers (`templates/_helpers.tpl`), evaluated once per render.
//!
//! In Helm every template calls its helpers through `include`, and every call re-executes the
//! helper: `labels` alone runs five defines, in each of a dozen templates. Every template of a
//! chart with a `_helpers.tpl` sees this object as `h` (a template that imports something as
//! `h` gets its import instead). The first use of `h` in a render evaluates `_helpers.tpl`
//! once and calls each of its macros that take no argument once, keeping the text (or the
//! error); `h.labels()` then hands out that text. Helpers may call each other through `h`
//! (the module is evaluated with `h` in its context), so `fullname` runs once however many
//! helpers use it. A helper that fails is reported where a template uses it, as `include`
//! reports it in Helm; one that is never used never fails the render. Macros with arguments
//! are evaluated at each call.
//!
//! This is only sound because a helper sees nothing of the template that calls it: it reads
//! `Values`, `Release`, `Chart`, `Capabilities`, the same for every template of a render. In a
//! `_helpers.tpl` that reads `Template` (whose `Name` differs per template) macros are not
//! called ahead: each call is evaluated then, with the calling template's context. (Top-level
//! values, `{% set x = … %}`, are always evaluated once per render.)

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use minijinja::value::{Enumerator, Object, ObjectRepr, Value as MjValue};
use minijinja::{Error as MjError, ErrorKind, State};

/// The result of one helper: its text, or the error it raised.
type Outcome = Result<MjValue, Arc<MjError>>;

/// Whether a helpers source may read `Template` (the word appears anywhere, comments
/// included: a false alarm only costs speed).
pub(crate) fn mentions_template(source: &str) -> bool {
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    source.match_indices("Template").any(|(i, _)| {
        !ident(source[..i].chars().next_back())
            && !ident(source[i + "Template".len()..].chars().next())
    })
}

/// What `h` is in a template.
pub(crate) struct Helpers {
    env: Arc<minijinja::Environment<'static>>,
    /// The helpers template's full name.
    name: String,
    /// The context the helpers are evaluated ahead with (without `h`, added when evaluating).
    ctx: BTreeMap<&'static str, MjValue>,
    /// Whether argument-less helpers may be evaluated once for the render.
    ahead: bool,
    /// The module, evaluated on the first use of `h` from a template.
    module: OnceLock<Module>,
    /// Set while the module is being evaluated: a template it renders (`include`) that uses
    /// `h` must not wait for that evaluation to finish.
    evaluating: AtomicBool,
    /// Each argument-less helper's outcome, filled as helpers are computed.
    memo: Mutex<HashMap<String, Outcome>>,
}

impl std::fmt::Debug for Helpers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Helpers").field("name", &self.name).finish()
    }
}

/// The helpers module evaluated for one render.
#[derive(Default)]
struct Module {
    /// The module's top-level names that are not macros (`{% set x = … %}`).
    values: HashMap<String, MjValue>,
    /// The error of evaluating the module itself, raised by any use of `h`.
    error: Option<Arc<MjError>>,
}

/// An error raised again where a memoized helper is used; the original stays its source.
#[derive(Debug)]
struct Shared(Arc<MjError>);

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Shared {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

fn raise(e: &Arc<MjError>) -> MjError {
    let detail = e
        .detail()
        .map_or_else(|| e.kind().to_string(), str::to_owned);
    MjError::new(e.kind(), detail).with_source(Shared(e.clone()))
}

impl Helpers {
    /// `h` for one render: helpers template `name` of `env`, evaluated (on first use) with
    /// `ctx`; with `ahead`, every macro that takes no argument is called then, once.
    pub(crate) fn new(
        env: Arc<minijinja::Environment<'static>>,
        name: &str,
        ctx: BTreeMap<&'static str, MjValue>,
        ahead: bool,
    ) -> Helpers {
        Helpers {
            env,
            name: name.to_owned(),
            ctx,
            ahead,
            module: OnceLock::new(),
            evaluating: AtomicBool::new(false),
            memo: Mutex::new(HashMap::new()),
        }
    }

    fn memoized(&self, name: &str) -> Option<Outcome> {
        let memo = self.memo.lock().unwrap_or_else(PoisonError::into_inner);
        memo.get(name).cloned()
    }

    fn remember(&self, name: &str, outcome: &Outcome) {
        let mut memo = self.memo.lock().unwrap_or_else(PoisonError::into_inner);
        memo.entry(name.to_owned())
            .or_insert_with(|| outcome.clone());
    }

    /// Calls argument-less helper `name` in `state` (one where the helpers' macros are
    /// defined), once per render when `ahead`.
    fn compute(&self, state: &State, name: &str) -> Outcome {
        if let Some(outcome) = self.ahead.then(|| self.memoized(name)).flatten() {
            return outcome;
        }
        let outcome = state
            .call_macro(name, &[])
            .map(MjValue::from)
            .map_err(Arc::new);
        if self.ahead {
            self.remember(name, &outcome);
        }
        outcome
    }

    /// The evaluated module; `None` when asked during its own evaluation.
    fn module(self: &Arc<Self>) -> Option<&Module> {
        if let Some(module) = self.module.get() {
            return Some(module);
        }
        if self.evaluating.swap(true, Ordering::SeqCst) {
            return None;
        }
        let module = self.module.get_or_init(|| self.evaluate());
        self.evaluating.store(false, Ordering::SeqCst);
        Some(module)
    }

    /// Evaluates the module with `h` in its context (so that helpers can call each other
    /// through `h` and share the results), and with `ahead` each argument-less macro.
    fn evaluate(self: &Arc<Self>) -> Module {
        let mut module = Module::default();
        let mut ctx = self.ctx.clone();
        ctx.insert("h", MjValue::from_dyn_object(self.clone()));
        let captured = match self
            .env
            .get_template(&self.name)
            .and_then(|t| t.render_captured_to(ctx, std::io::sink()))
        {
            Ok(captured) => captured,
            Err(e) => {
                module.error = Some(Arc::new(e));
                return module;
            }
        };
        let state = captured.state();
        for export in state.exports() {
            let Some(value) = state.lookup(export) else {
                continue;
            };
            match macro_arity(&value) {
                Some(0) if self.ahead => {
                    self.compute(state, export).ok();
                }
                // Evaluated when called: a macro with arguments, or any macro when the
                // helpers may read `Template`.
                Some(_) => {}
                None => {
                    module.values.insert(export.to_owned(), value);
                }
            }
        }
        module
    }
}

impl Object for Helpers {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    /// `h.name` without a call: a callable (for `include(h.validate)`), or a top-level value.
    fn get_value(self: &Arc<Self>, key: &MjValue) -> Option<MjValue> {
        let name = key.as_str()?;
        if let Some(v) = self.module().and_then(|m| m.values.get(name)) {
            return Some(v.clone());
        }
        Some(MjValue::from_object(Helper {
            helpers: self.clone(),
            name: name.to_owned(),
        }))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::NonEnumerable
    }

    /// Calls helper `method` with `args`: the memoized outcome when there is one, else an
    /// evaluation now.
    fn call_method(
        self: &Arc<Self>,
        state: &State,
        method: &str,
        args: &[MjValue],
    ) -> Result<MjValue, MjError> {
        // A helper calling another through `h`: its state has the helpers' macros.
        if state.name() == self.name {
            if args.is_empty() {
                return self.compute(state, method).map_err(|e| raise(&e));
            }
            return state.call_macro(method, args).map(MjValue::from);
        }
        if let Some(e) = self.module().and_then(|m| m.error.as_ref()) {
            return Err(raise(e));
        }
        if args.is_empty() {
            match self.ahead.then(|| self.memoized(method)).flatten() {
                Some(Ok(v)) => return Ok(v),
                Some(Err(e)) => return Err(raise(&e)),
                None => {}
            }
        }
        // Not evaluated ahead: evaluate now, with the calling template's context.
        let tmpl = state.env().get_template(&self.name)?;
        let ctx = super::funcs::current_context(state);
        let captured = tmpl.render_captured_to(ctx, std::io::sink())?;
        let helpers = captured.state();
        if helpers.lookup(method).is_none() {
            return Err(MjError::new(
                ErrorKind::UnknownMethod,
                format!("{} has no helper named {method}", self.name),
            ));
        }
        helpers.call_macro(method, args).map(MjValue::from)
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<helpers {}>", self.name)
    }
}

/// The number of arguments of a macro; `None` for any other value.
fn macro_arity(value: &MjValue) -> Option<usize> {
    value.as_object()?;
    let is_bool = |v: MjValue| v.kind() == minijinja::value::ValueKind::Bool;
    if !value.get_attr("caller").is_ok_and(is_bool) {
        return None;
    }
    value.get_attr("arguments").ok()?.len()
}

/// `h.name`, not yet called.
#[derive(Debug)]
struct Helper {
    helpers: Arc<Helpers>,
    name: String,
}

impl Object for Helper {
    fn call(self: &Arc<Self>, state: &State, args: &[MjValue]) -> Result<MjValue, MjError> {
        self.helpers.call_method(state, &self.name, args)
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<macro {}>", self.name)
    }
}

#[cfg(test)]
mod tests {
    use crate::render::{Capabilities, Release, Renderer};
    use crate::Chart;

    const HELPERS: &str = r#"{%- macro fullname() -%}{{ Release.Name }}-{{ Values.suffix }}{%- endmacro %}
{%- macro labels() -%}app: {{ fullname() }}{%- endmacro %}
{%- macro greet(who) -%}hello {{ who }}{%- endmacro %}
{%- macro broken() -%}{{ fail("broken helper") }}{%- endmacro %}
{%- macro both() -%}{{ h.fullname() }}/{{ h.labels() }}/{{ h.greet("h") }}{%- endmacro %}
{%- macro wraps() -%}[{{ h.broken() }}]{%- endmacro %}
{%- set answer = 42 %}"#;

    /// Renders a chart made of `_helpers.tpl` and the given templates; the output or the error.
    fn render(helpers: &str, templates: &[(&str, &str)]) -> Result<String, String> {
        let mut files = vec![
            (
                "Chart.yaml".to_owned(),
                "apiVersion: v2\nname: c\nversion: 0.1.0\nannotations:\n  orochart.io/template-dialect: minijinja\n".to_owned(),
            ),
            ("values.yaml".to_owned(), "suffix: web\n".to_owned()),
            ("templates/_helpers.tpl".to_owned(), helpers.to_owned()),
        ];
        for (path, source) in templates {
            files.push((format!("templates/{path}"), (*source).to_owned()));
        }
        let chart = Chart::from_files("c", files).map_err(|e| e.to_string())?;
        let values = chart.values.clone();
        let renderer = Renderer::new(chart).map_err(|e| e.to_string())?;
        let release = Release::new("rel", "ns").map_err(|e| e.to_string())?;
        renderer
            .render(&values, &release, &Capabilities::default())
            .map(|r| r.to_helm_output())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn templates_use_helpers_without_importing_them() {
        let out = render(
            HELPERS,
            &[(
                "a.yaml",
                "kind: A\nmetadata:\n  name: {{ h.fullname() }}\n  labels:\n    {{ h.labels() }}\n  x: {{ h.greet(\"you\") }} {{ h.answer }}\n",
            )],
        );
        assert_eq!(
            out.as_deref(),
            Ok("---\n# Source: c/templates/a.yaml\nkind: A\nmetadata:\n  name: rel-web\n  labels:\n    app: rel-web\n  x: hello you 42\n")
        );
    }

    #[test]
    fn a_failing_helper_fails_only_where_it_is_used() {
        assert!(render(
            HELPERS,
            &[("a.yaml", "kind: A\nmetadata:\n  name: {{ h.fullname() }}\n")]
        )
        .is_ok());
        // Directly, and through another helper calling it with `h`.
        for helper in ["broken", "wraps"] {
            assert_eq!(
                render(
                    HELPERS,
                    &[(
                        "a.yaml",
                        &format!("kind: A\n{{{{ include(h.{helper}) }}}}\n")
                    )]
                ),
                Err("execution error at (c/templates/a.yaml:2:3): broken helper".to_owned()),
                "{helper}"
            );
        }
    }

    #[test]
    fn helpers_that_read_template_see_the_calling_template() {
        // Called from the templates, and through `h` from another helper.
        let helpers = "{%- macro me() -%}{{ Template.Name }}{%- endmacro %}\n{%- macro me2() -%}<{{ h.me() }}>{%- endmacro %}";
        for (call, a, b) in [
            ("h.me()", "c/templates/a.yaml", "c/templates/b.yaml"),
            ("h.me2()", "<c/templates/a.yaml>", "<c/templates/b.yaml>"),
        ] {
            let out = render(
                helpers,
                &[
                    ("a.yaml", &format!("kind: A\nname: {{{{ {call} }}}}\n")),
                    ("b.yaml", &format!("kind: B\nname: {{{{ {call} }}}}\n")),
                ],
            )
            .unwrap_or_default();
            assert!(out.contains(&format!("name: {a}\n")), "{out}");
            assert!(out.contains(&format!("name: {b}\n")), "{out}");
        }
    }

    #[test]
    fn an_explicit_import_still_works() {
        let out = render(
            HELPERS,
            &[(
                "a.yaml",
                "{%- import \"_helpers.tpl\" as x %}\nkind: A\nname: {{ x.labels() | quote }}\n",
            )],
        );
        assert_eq!(
            out.as_deref(),
            Ok("---\n# Source: c/templates/a.yaml\nkind: A\nname: \"app: rel-web\"\n")
        );
    }

    #[test]
    fn an_unknown_helper_is_an_error() {
        let out = render(HELPERS, &[("a.yaml", "kind: A\nname: {{ h.nope() }}\n")]);
        assert!(out.is_err_and(|e| e.contains("nope")));
    }

    #[test]
    fn helpers_are_evaluated_only_when_a_template_uses_h() {
        let helpers = "{{ fail(\"module fails\") }}{%- macro x() -%}x{%- endmacro %}";
        assert!(render(helpers, &[("a.yaml", "kind: A\n")]).is_ok());
        assert!(render(helpers, &[("a.yaml", "kind: {{ h.x() }}\n")])
            .is_err_and(|e| e.contains("module fails")));
    }

    #[test]
    fn only_the_word_template_counts_as_reading_it() {
        assert!(super::mentions_template("{{ Template.Name }}"));
        assert!(super::mentions_template("x(Template)"));
        assert!(!super::mentions_template(
            "podTemplate() Templates template"
        ));
    }

    #[test]
    fn templates_rendered_by_include_see_h_too() {
        let out = render(
            HELPERS,
            &[
                ("_part.tpl", "name: {{ h.fullname() }}"),
                ("a.yaml", "kind: A\n{{ include(\"_part.tpl\") }}\n"),
            ],
        );
        assert_eq!(
            out.as_deref(),
            Ok("---\n# Source: c/templates/a.yaml\nkind: A\nname: rel-web\n")
        );
    }

    #[test]
    fn helpers_call_each_other_through_h() {
        let out = render(
            HELPERS,
            &[("a.yaml", "kind: A\nname: {{ h.both() | quote }}\n")],
        );
        assert_eq!(
            out.as_deref(),
            Ok("---\n# Source: c/templates/a.yaml\nkind: A\nname: \"rel-web/app: rel-web/hello h\"\n")
        );
    }

    #[test]
    fn a_helper_that_includes_a_template_using_h_does_not_wait_for_itself() {
        let helpers = "{%- macro a() -%}A{%- endmacro %}\n{%- macro viaInclude() -%}{{ include(\"_part.tpl\") }}{%- endmacro %}";
        let out = render(
            helpers,
            &[
                ("_part.tpl", "{{ h.a() }}"),
                ("a.yaml", "kind: A\nname: {{ h.viaInclude() }}\n"),
            ],
        );
        assert_eq!(
            out.as_deref(),
            Ok("---\n# Source: c/templates/a.yaml\nkind: A\nname: A\n")
        );
    }
}
