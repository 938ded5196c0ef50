//! Sprig's regular-expression functions, with Go's patterns ([`crate::go::regexp`]). The
//! plain forms panic on a bad pattern (`regexp: Compile(…): …`), the `must` forms return the
//! error.

use crate::go::regexp::Regexp;
use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::Value;

use super::conv::{int, s, string, strings, FResult};

/// `regexp.MustCompile`'s panic.
fn must_compile(ctx: &Ctx, pattern: &str) -> Result<Regexp, FuncError> {
    compile(ctx, pattern).map_err(|e| FuncError(format!("regexp: Compile(`{pattern}`): {e}")))
}

fn try_compile(ctx: &Ctx, pattern: &str) -> Result<Regexp, FuncError> {
    compile(ctx, pattern).map_err(FuncError)
}

/// The pattern as the profile's Go reads it.
fn compile(ctx: &Ctx, pattern: &str) -> Result<Regexp, String> {
    Regexp::compile(pattern, ctx.funcs.unicode_class_names)
}

/// Go's `Regexp.FindAllString`: `None` (a nil slice) when nothing matches or `n` is 0.
fn find_all(re: &Regexp, text: &str, n: i64) -> Option<Vec<String>> {
    if n == 0 {
        return None;
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    let found: Vec<String> = re
        .find_iter(text)
        .take(limit)
        .map(|m| text[m].to_string())
        .collect();
    (!found.is_empty()).then_some(found)
}

/// Go's `Regexp.Split`: `None` (a nil slice) when `n` is 0.
fn split(re: &Regexp, pattern: &str, text: &str, n: i64) -> Option<Vec<String>> {
    if n == 0 {
        return None;
    }
    if !pattern.is_empty() && text.is_empty() {
        return Some(vec![String::new()]);
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    let mut out = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for m in re.find_iter(text).take(limit) {
        if n > 0 && out.len() == limit - 1 {
            break;
        }
        end = m.start;
        if m.end != 0 {
            out.push(text[beg..end].to_string());
        }
        beg = m.end;
    }
    if end != text.len() {
        out.push(text[beg..].to_string());
    }
    Some(out)
}

pub fn regex_match(ctx: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(
        compile(ctx, s(a, 0)).is_ok_and(|re| re.is_match(s(a, 1))),
    ))
}

pub fn must_regex_match(ctx: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(try_compile(ctx, s(a, 0))?.is_match(s(a, 1))))
}

/// Go's `[]string` result: nil when the function found nothing (`null` in JSON).
fn string_slice(found: Option<Vec<String>>) -> Value {
    match found {
        Some(v) => strings(v),
        None => Value::typed_nil("[]string"),
    }
}

pub fn regex_find_all(ctx: &mut Ctx, a: &[Value]) -> FResult {
    Ok(string_slice(find_all(
        &must_compile(ctx, s(a, 0))?,
        s(a, 1),
        int(a, 2),
    )))
}

pub fn must_regex_find_all(ctx: &mut Ctx, a: &[Value]) -> FResult {
    Ok(string_slice(find_all(
        &try_compile(ctx, s(a, 0))?,
        s(a, 1),
        int(a, 2),
    )))
}

fn find(re: &Regexp, text: &str) -> FResult {
    string(re.find(text).map_or("", |m| &text[m]))
}

pub fn regex_find(ctx: &mut Ctx, a: &[Value]) -> FResult {
    find(&must_compile(ctx, s(a, 0))?, s(a, 1))
}

pub fn must_regex_find(ctx: &mut Ctx, a: &[Value]) -> FResult {
    find(&try_compile(ctx, s(a, 0))?, s(a, 1))
}

pub fn regex_replace_all(ctx: &mut Ctx, a: &[Value]) -> FResult {
    string(must_compile(ctx, s(a, 0))?.replace_all(s(a, 1), s(a, 2), false))
}

pub fn must_regex_replace_all(ctx: &mut Ctx, a: &[Value]) -> FResult {
    string(try_compile(ctx, s(a, 0))?.replace_all(s(a, 1), s(a, 2), false))
}

pub fn regex_replace_all_literal(ctx: &mut Ctx, a: &[Value]) -> FResult {
    string(must_compile(ctx, s(a, 0))?.replace_all(s(a, 1), s(a, 2), true))
}

pub fn must_regex_replace_all_literal(ctx: &mut Ctx, a: &[Value]) -> FResult {
    string(try_compile(ctx, s(a, 0))?.replace_all(s(a, 1), s(a, 2), true))
}

pub fn regex_split(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let re = must_compile(ctx, s(a, 0))?;
    Ok(string_slice(split(&re, s(a, 0), s(a, 1), int(a, 2))))
}

pub fn must_regex_split(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let re = try_compile(ctx, s(a, 0))?;
    Ok(string_slice(split(&re, s(a, 0), s(a, 1), int(a, 2))))
}

/// Go's `regexp.QuoteMeta`: a backslash before each of `\.+*?()|[]{}^$`.
pub fn regex_quote_meta(_: &mut Ctx, a: &[Value]) -> FResult {
    let mut out = String::new();
    for c in s(a, 0).chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    string(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gotpl::fmt::to_string;

    fn call(f: fn(&mut Ctx, &[Value]) -> FResult, args: &[&str]) -> String {
        let args: Vec<Value> = args
            .iter()
            .map(|a| match a.parse::<i64>() {
                Ok(i) if a.starts_with(['-', '1', '2']) => Value::Int(i),
                _ => Value::str(a),
            })
            .collect();
        match f(&mut Ctx::new(), &args) {
            Ok(v) => to_string(&v),
            Err(e) => format!("ERR {e}"),
        }
    }

    // Expected text from `helm template` (v3.17.2).
    #[test]
    fn regex_functions_match_helm() {
        assert_eq!(call(regex_find, &["[0-9]+", "ab12cd34"]), "12");
        assert_eq!(
            call(regex_find_all, &["[0-9]+", "ab12cd34", "-1"]),
            "[12 34]"
        );
        assert_eq!(call(regex_split, &["[0-9]", "a1b2c", "2"]), "[a b2c]");
        assert_eq!(
            call(regex_replace_all, &["(a)(x*)", "-ab-axxb-", "${1}W"]),
            "-aWb-aWb-"
        );
        assert_eq!(
            call(regex_replace_all_literal, &["a", "aba", "$1"]),
            "$1b$1"
        );
        assert_eq!(call(regex_quote_meta, &["a.b*c"]), "a\\.b\\*c");
        assert_eq!(call(regex_match, &["^\\d+$", "١٢"]), "false");
        assert_eq!(call(regex_match, &["\\bfoo\\b", "ßfoo"]), "true");
        assert_eq!(call(must_regex_find, &["(?<n>x)", "x"]), "x");
        assert_eq!(call(regex_match, &["^a{$", "a{"]), "true");
    }

    #[test]
    fn a_dash_after_a_class_escape_in_brackets_is_literal_as_in_go() {
        // redis-ha's masterGroupName check (argo-cd's corpus case): Go matches, and reads the
        // `-` as itself.
        assert_eq!(call(regex_match, &["^[\\w-\\.]+$", "my-master.1"]), "true");
        assert_eq!(call(regex_match, &["^[\\w-\\.]+$", "a b"]), "false");
        assert_eq!(call(regex_match, &["^[\\d-]+$", "1-2"]), "true");
    }

    #[test]
    fn compile_errors_read_as_gos() {
        assert_eq!(
            call(regex_find, &["(", "x"]),
            "ERR regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"
        );
        assert_eq!(
            call(must_regex_find, &["(", "x"]),
            "ERR error parsing regexp: missing closing ): `(`"
        );
        assert_eq!(
            call(must_regex_find, &["x)", "x"]),
            "ERR error parsing regexp: unexpected ): `x)`"
        );
        assert_eq!(
            call(must_regex_find, &["[z-a]", "x"]),
            "ERR error parsing regexp: invalid character class range: `z-a`"
        );
        assert_eq!(
            call(must_regex_find, &["\\q", "x"]),
            "ERR error parsing regexp: invalid escape sequence: `\\q`"
        );
        assert_eq!(call(regex_match, &["(", "x"]), "false");
    }
}
