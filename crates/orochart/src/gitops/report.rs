//! A [`FleetDiff`] as text for a terminal, Markdown for a pull-request comment, or JSON.
//!
//! Every format lists the same things in the same order: apps by environment then service,
//! resources by kind, namespace and name, fields in document order. Changed fields are
//! `-`/`+` line pairs so that a Markdown `diff` block colours them; a multi-line string
//! (a config file in a ConfigMap) shows only the lines that changed.

use super::diff::{AppDiff, FleetDiff, ResourceDiff, Status};
use super::fields::{FieldChange, FieldStatus};
use crate::value::Value;

/// GitHub's limit on a comment's length, in characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// One line of a resource's diff, with how to colour it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Add,
    Remove,
    Change,
    Plain,
}

impl Mark {
    fn sign(self) -> char {
        match self {
            Mark::Add => '+',
            Mark::Remove => '-',
            Mark::Change => '~',
            Mark::Plain => ' ',
        }
    }

    fn of(status: Status) -> Mark {
        match status {
            Status::Added | Status::Fixed => Mark::Add,
            Status::Removed => Mark::Remove,
            Status::Changed => Mark::Change,
        }
    }
}

/// A value on one line: strings JSON-quoted, everything else as compact JSON.
fn show(v: &Value) -> String {
    crate::yaml::to_json(v).unwrap_or_else(|| format!("{v:?}"))
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The lines that differ between two multi-line texts: common leading and trailing lines are
/// dropped, what is left is shown as removed then added.
fn text_lines(old: &str, new: &str, out: &mut Vec<(Mark, String)>) {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let post = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    for l in &a[pre..a.len() - post] {
        out.push((Mark::Remove, format!("    {l}")));
    }
    for l in &b[pre..b.len() - post] {
        out.push((Mark::Add, format!("    {l}")));
    }
}

fn field_lines(f: &FieldChange, out: &mut Vec<(Mark, String)>) {
    if f.redacted {
        let what = match f.change {
            FieldStatus::Added => "added",
            FieldStatus::Removed => "removed",
            FieldStatus::Changed => "changed",
        };
        out.push((Mark::Change, format!("{}: {what} (value redacted)", f.path)));
        return;
    }
    match (&f.old, &f.new) {
        (Some(Value::String(a)), Some(Value::String(b)))
            if a.contains('\n') || b.contains('\n') =>
        {
            out.push((Mark::Change, format!("{}: (multi-line text)", f.path)));
            text_lines(a, b, out);
        }
        (old, new) => {
            if let Some(o) = old {
                out.push((Mark::Remove, format!("{}: {}", f.path, show(o))));
            }
            if let Some(n) = new {
                out.push((Mark::Add, format!("{}: {}", f.path, show(n))));
            }
        }
    }
}

fn resource_lines(r: &ResourceDiff, out: &mut Vec<(Mark, String)>) {
    out.push((
        Mark::of(r.status),
        format!("{} ({})", r.id, r.status.word()),
    ));
    for f in &r.fields {
        let start = out.len();
        field_lines(f, out);
        for line in &mut out[start..] {
            line.1.insert_str(0, "    ");
        }
    }
}

/// `changed: 1 resource changed, 2 added` for an app.
fn app_summary(a: &AppDiff) -> String {
    let mut parts = Vec::new();
    for s in [Status::Changed, Status::Added, Status::Removed] {
        let n = a.resources.iter().filter(|r| r.status == s).count();
        if n > 0 {
            parts.push(format!("{} {}", plural(n, "resource"), s.word()));
        }
    }
    if parts.is_empty() {
        parts.push("no resources".into());
    }
    parts.join(", ")
}

/// `2 apps changed, 1 added, 1 removed, 0 fixed`.
pub fn summary(d: &FleetDiff) -> String {
    if !d.has_changes() {
        return format!(
            "no changes ({} at `{}`, {} at `{}`)",
            plural(d.apps_at_base, "app"),
            d.base,
            plural(d.apps_at_head, "app"),
            d.head
        );
    }
    let mut parts = vec![format!(
        "{} changed",
        plural(d.count(Status::Changed), "app")
    )];
    for s in [Status::Added, Status::Removed, Status::Fixed] {
        let n = d.count(s);
        if n > 0 {
            parts.push(format!("{n} {}", s.word()));
        }
    }
    format!(
        "{} ({} at `{}`, {} at `{}`{})",
        parts.join(", "),
        plural(d.apps_at_base, "app"),
        d.base,
        plural(d.apps_at_head, "app"),
        d.head,
        if d.chart_changed {
            "; the chart changed"
        } else {
            ""
        }
    )
}

fn app_lines(a: &AppDiff) -> Vec<(Mark, String)> {
    let mut lines = Vec::new();
    if let Some(note) = &a.note {
        lines.push((Mark::Plain, format!("note: {}", note.replace('\n', " "))));
    }
    for r in &a.resources {
        resource_lines(r, &mut lines);
    }
    lines
}

/// The diff for a terminal: one header line per app, then its resources and fields indented;
/// coloured (green added, red removed, yellow changed) when `color`.
pub fn text(d: &FleetDiff, color: bool) -> String {
    let paint = |mark: Mark, s: &str| -> String {
        let code = match mark {
            Mark::Add => "32",
            Mark::Remove => "31",
            Mark::Change => "33",
            Mark::Plain => return s.to_owned(),
        };
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    };
    let mut out = String::new();
    for a in &d.apps {
        let head = format!(
            "{} {} ({}: {})",
            Mark::of(a.status).sign(),
            a.app,
            a.status.word(),
            app_summary(a)
        );
        out.push_str(&paint(Mark::of(a.status), &head));
        out.push('\n');
        for (mark, line) in app_lines(a) {
            out.push_str(&paint(mark, &format!("  {} {line}", mark.sign())));
            out.push('\n');
        }
    }
    out.push_str(&summary(d));
    out.push('\n');
    out
}

/// A Markdown table cell: pipes escaped, kept on one line.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The diff as a pull-request comment: a title, a summary table, then one collapsible `diff`
/// block per app, within `limit` characters (GitHub's is [`GITHUB_COMMENT_LIMIT`]). What does
/// not fit is left out whole — table rows, then app sections — and a note says how much.
pub fn markdown(d: &FleetDiff, limit: usize) -> String {
    let mut out = format!("### orochart diff\n\n{}\n", summary(d));
    if !d.has_changes() {
        return out;
    }
    // Room kept for the truncation note.
    let budget = limit.saturating_sub(400);
    let len = |s: &str| s.chars().count();
    let mut size = len(&out);
    let mut rows_left_out = 0;
    let mut table = String::from("\n| App | Change | Resources |\n|---|---|---|\n");
    for a in &d.apps {
        let row = format!(
            "| `{}` | {} | {} |\n",
            cell(&a.app),
            a.status.word(),
            cell(&app_summary(a))
        );
        if rows_left_out > 0 || size + len(&table) + len(&row) > budget {
            rows_left_out += 1;
        } else {
            table.push_str(&row);
        }
    }
    size += len(&table);
    out.push_str(&table);
    let mut sections_left_out = 0;
    for a in &d.apps {
        let mut body = String::new();
        for (mark, line) in app_lines(a) {
            let sign = if mark == Mark::Change {
                '!'
            } else {
                mark.sign()
            };
            body.push(sign);
            body.push(' ');
            // A line that would close the fence early.
            body.push_str(&line.replace("```", "'''"));
            body.push('\n');
        }
        let section = format!(
            "\n<details><summary><code>{}</code> {}: {}</summary>\n\n```diff\n{}```\n\n</details>\n",
            html_escape(&a.app),
            a.status.word(),
            html_escape(&app_summary(a)),
            body
        );
        if sections_left_out > 0 || size + len(&section) > budget {
            sections_left_out += 1;
        } else {
            size += len(&section);
            out.push_str(&section);
        }
    }
    if rows_left_out > 0 || sections_left_out > 0 {
        out.push_str(&format!(
            "\n> **Truncated** to fit a {limit}-character comment: {} of {} left out of the table and {} of {} app diffs not shown. Run `orochart diff {} {}` for the full diff.\n",
            rows_left_out,
            plural(d.apps.len(), "app"),
            sections_left_out,
            d.apps.len(),
            d.base,
            d.head
        ));
    }
    out
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The diff as one JSON object (`base`, `head`, counts, `apps` with their `resources` and
/// `fields`), for tools.
pub fn json(d: &FleetDiff) -> String {
    let mut s = serde_json::to_string_pretty(d).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gitops::diff::ResourceId;

    fn fleet(apps: usize) -> FleetDiff {
        let app = |i: usize| AppDiff {
            app: format!("prod/svc-{i:04}"),
            env: "prod".into(),
            service: format!("svc-{i:04}"),
            status: Status::Changed,
            resources: vec![ResourceDiff {
                id: ResourceId {
                    kind: "Deployment".into(),
                    namespace: Some(format!("svc-{i:04}")),
                    name: format!("svc-{i:04}"),
                },
                status: Status::Changed,
                fields: vec![FieldChange {
                    path: "spec.template.spec.containers[name=app].image".into(),
                    old: Some(Value::String("repo:v1".into())),
                    new: Some(Value::String("repo:v2".into())),
                    change: FieldStatus::Changed,
                    redacted: false,
                }],
            }],
            note: None,
        };
        FleetDiff {
            base: "main".into(),
            head: "HEAD".into(),
            apps_at_base: apps,
            apps_at_head: apps,
            chart_changed: false,
            rendered: apps * 2,
            apps: (0..apps).map(app).collect(),
        }
    }

    #[test]
    fn text_shows_field_changes_as_line_pairs() {
        let t = text(&fleet(1), false);
        assert_eq!(
            t,
            "~ prod/svc-0000 (changed: 1 resource changed)\n  ~ Deployment svc-0000/svc-0000 (changed)\n  -     spec.template.spec.containers[name=app].image: \"repo:v1\"\n  +     spec.template.spec.containers[name=app].image: \"repo:v2\"\n1 app changed (1 app at `main`, 1 app at `HEAD`)\n"
        );
    }

    #[test]
    fn markdown_stays_within_the_comment_limit_and_says_so() {
        let big = markdown(&fleet(3000), GITHUB_COMMENT_LIMIT);
        assert!(big.chars().count() <= GITHUB_COMMENT_LIMIT);
        assert!(big.contains("**Truncated**"), "{}", &big[big.len() - 300..]);
        let small = markdown(&fleet(2), GITHUB_COMMENT_LIMIT);
        assert!(!small.contains("Truncated"));
        assert!(small.contains("<details><summary><code>prod/svc-0001</code>"));
        assert!(small.contains("```diff\n! Deployment svc-0001/svc-0001 (changed)\n-     spec."));
    }

    #[test]
    fn multi_line_strings_show_only_the_changed_lines() {
        let mut out = Vec::new();
        text_lines("a\nb\nc\nd\n", "a\nb\nX\nd\n", &mut out);
        assert_eq!(
            out,
            [(Mark::Remove, "    c".into()), (Mark::Add, "    X".into())]
        );
    }
}
