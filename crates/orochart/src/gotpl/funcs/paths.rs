//! Go's `path` functions (`base`, `dir`, `ext`, `clean`, `isAbs`) and their `filepath`
//! twins (`osBase`, …), which on Linux, where Helm runs charts, are the same.

use crate::gotpl::func::Ctx;
use crate::gotpl::value::Value;

use super::conv::{s, string, FResult};

use crate::go::path::clean as clean_path;

/// Go's `path.Base`.
pub(crate) fn base_path(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
}

/// Go's `path.Dir`.
pub(crate) fn dir_path(p: &str) -> String {
    let dir = match p.rfind('/') {
        Some(i) => &p[..=i],
        None => "",
    };
    clean_path(dir)
}

/// Go's `path.Ext`: from the last dot in the final element.
pub(crate) fn ext_path(p: &str) -> String {
    for (i, c) in p.char_indices().rev() {
        if c == '/' {
            break;
        }
        if c == '.' {
            return p[i..].to_string();
        }
    }
    String::new()
}

pub fn base(_: &mut Ctx, a: &[Value]) -> FResult {
    string(base_path(s(a, 0)))
}

pub fn dir(_: &mut Ctx, a: &[Value]) -> FResult {
    string(dir_path(s(a, 0)))
}

pub fn ext(_: &mut Ctx, a: &[Value]) -> FResult {
    string(ext_path(s(a, 0)))
}

pub fn clean(_: &mut Ctx, a: &[Value]) -> FResult {
    string(clean_path(s(a, 0)))
}

pub fn is_abs(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(s(a, 0).starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected text from `helm template` (v3.17.2) and Go's path tests.
    #[test]
    fn paths_match_go() {
        assert_eq!(base_path("a/b.txt"), "b.txt");
        assert_eq!(base_path(""), ".");
        assert_eq!(base_path("/"), "/");
        assert_eq!(base_path("a/b/"), "b");
        assert_eq!(dir_path("a/b"), "a");
        assert_eq!(dir_path(""), ".");
        assert_eq!(dir_path("/a"), "/");
        assert_eq!(ext_path("a/b.tar.gz"), ".gz");
        assert_eq!(ext_path("a.b/c"), "");
        assert_eq!(clean_path("a//b/../c/"), "a/c");
        assert_eq!(clean_path("/../a"), "/a");
        assert_eq!(clean_path("../../a/.."), "../..");
        assert_eq!(clean_path("a/.."), ".");
    }
}
