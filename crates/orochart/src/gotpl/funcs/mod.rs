//! Helm's template function map: Sprig v3's functions (all but `env` and `expandenv`, as Helm
//! removes them) and Helm's own data functions (`toYaml`, `fromYaml`, `toJson`, `required`,
//! `lookup`, …), each written once over [`Value`](super::Value) with its Go signature.
//!
//! The engine provides text/template's builtins (`and`, `index`, `len`, `printf`, …) and the
//! functions that need the engine itself (`include`, `tpl`); everything else is here. Sprig's
//! `slice` is in this map and, as in Go, takes precedence over the builtin of that name.

pub(crate) mod conv;
pub(crate) mod crypto;
pub(crate) mod date;
pub(crate) mod defaults;
pub(crate) mod der;
pub(crate) mod dicts;
pub(crate) mod durations;
pub(crate) mod encoding;
pub(crate) mod helm;
#[cfg(test)]
mod helm_tables;
pub(crate) mod json_out;
pub(crate) mod lists;
pub(crate) mod math;
pub(crate) mod paths;
pub mod random;
pub(crate) mod reflect;
pub(crate) mod regex;
pub(crate) mod semver;
#[cfg(test)]
mod sprig_tables;
pub(crate) mod strings;
pub(crate) mod toml;
pub(crate) mod url;
pub(crate) mod yaml_json;
pub(crate) mod yaml_pretty;
pub(crate) mod zone;

use super::func::{Func, FuncBody, GoType};

use GoType::{Bool, Int, Interface, List, Map, String as Str};

const fn f(name: &'static str, params: &'static [GoType], call: FuncBody) -> Func {
    Func {
        name,
        params,
        variadic: None,
        call,
        raw_strings: false,
        keeps_bytes: false,
    }
}

const fn v(name: &'static str, params: &'static [GoType], rest: GoType, call: FuncBody) -> Func {
    Func {
        name,
        params,
        variadic: Some(rest),
        call,
        raw_strings: false,
        keeps_bytes: false,
    }
}

fn hello(_: &mut super::Ctx, _: &[super::Value]) -> conv::FResult {
    conv::string("Hello!")
}

/// Every function of the map, sorted by name (byte order).
pub static FUNCS: &[Func] = &[
    f("abbrev", &[Int, Str], strings::abbrev).raw(),
    f("abbrevboth", &[Int, Int, Str], strings::abbrevboth).raw(),
    v("add", &[], Interface, math::add),
    f("add1", &[Interface], math::add1),
    f("add1f", &[Interface], math::add1f),
    v("addf", &[], Interface, math::addf),
    f("adler32sum", &[Str], encoding::adler32sum).raw(),
    f("ago", &[Interface], date::ago),
    v("all", &[], Interface, defaults::all),
    v("any", &[], Interface, defaults::any),
    f("append", &[Interface, Interface], lists::push),
    f("atoi", &[Str], strings::atoi),
    f("b32dec", &[Str], encoding::b32dec),
    f("b32enc", &[Str], encoding::b32enc).raw(),
    f("b64dec", &[Str], encoding::b64dec),
    f("b64enc", &[Str], encoding::b64enc).raw(),
    f("base", &[Str], paths::base),
    f("bcrypt", &[Str], crypto::bcrypt_fn),
    v("biggest", &[Interface], Interface, math::max),
    f("buildCustomCert", &[Str, Str], crypto::build_custom_cert),
    f("camelcase", &[Str], strings::camelcase),
    v("cat", &[], Interface, strings::cat),
    f("ceil", &[Interface], math::ceil),
    f("chunk", &[Int, Interface], lists::chunk),
    f("clean", &[Str], paths::clean),
    v("coalesce", &[], Interface, defaults::coalesce),
    f("compact", &[Interface], lists::compact),
    v("concat", &[], Interface, lists::concat),
    f("contains", &[Str, Str], strings::contains).keeps_bytes(),
    f("date", &[Str, Interface], date::date),
    f("dateInZone", &[Str, Interface, Str], date::date_in_zone),
    f("dateModify", &[Str, Interface], date::date_modify),
    f("date_in_zone", &[Str, Interface, Str], date::date_in_zone),
    f("date_modify", &[Str, Interface], date::date_modify),
    f("decryptAES", &[Str, Str], crypto::decrypt_aes),
    f("deepCopy", &[Interface], dicts::deep_copy),
    f("deepEqual", &[Interface, Interface], reflect::deep_equal_fn),
    v("default", &[Interface], Interface, defaults::default),
    f(
        "derivePassword",
        &[Int, Str, Str, Str, Str],
        crypto::derive_password,
    ),
    v("dict", &[], Interface, dicts::dict),
    v("dig", &[], Interface, dicts::dig),
    f("dir", &[Str], paths::dir),
    f("div", &[Interface, Interface], math::div),
    v("divf", &[Interface], Interface, math::divf),
    f("duration", &[Interface], date::duration),
    f("durationDays", &[Interface], durations::duration_days),
    f("durationHours", &[Interface], durations::duration_hours),
    f(
        "durationMicroseconds",
        &[Interface],
        durations::duration_microseconds,
    ),
    f(
        "durationMilliseconds",
        &[Interface],
        durations::duration_milliseconds,
    ),
    f("durationMinutes", &[Interface], durations::duration_minutes),
    f(
        "durationNanoseconds",
        &[Interface],
        durations::duration_nanoseconds,
    ),
    f("durationRound", &[Interface], date::duration_round),
    f(
        "durationRoundTo",
        &[Interface, Interface],
        durations::duration_round_to,
    ),
    f("durationSeconds", &[Interface], durations::duration_seconds),
    f(
        "durationTruncateTo",
        &[Interface, Interface],
        durations::duration_truncate_to,
    ),
    f("durationWeeks", &[Interface], durations::duration_weeks),
    f("empty", &[Interface], defaults::empty_fn),
    f("encryptAES", &[Str, Str], crypto::encrypt_aes),
    f("ext", &[Str], paths::ext),
    f("fail", &[Str], helm::fail),
    f("first", &[Interface], lists::first),
    f("float64", &[Interface], math::to_float64_fn),
    f("floor", &[Interface], math::floor),
    f("fromJson", &[Str], yaml_json::from_json),
    f("fromJsonArray", &[Str], yaml_json::from_json_array),
    f("fromToml", &[Str], toml::from_toml).raw(),
    f("fromYaml", &[Str], yaml_json::from_yaml),
    f("fromYamlArray", &[Str], yaml_json::from_yaml_array),
    f("genCA", &[Str, Int], crypto::gen_ca),
    f("genCAWithKey", &[Str, Int, Str], crypto::gen_ca_with_key),
    f("genPrivateKey", &[Str], crypto::gen_private_key),
    f(
        "genSelfSignedCert",
        &[Str, List, List, Int],
        crypto::gen_self_signed_cert,
    ),
    f(
        "genSelfSignedCertWithKey",
        &[Str, List, List, Int, Str],
        crypto::gen_self_signed_cert_with_key,
    ),
    f(
        "genSignedCert",
        &[Str, List, List, Int, Interface],
        crypto::gen_signed_cert,
    ),
    f(
        "genSignedCertWithKey",
        &[Str, List, List, Int, Interface, Str],
        crypto::gen_signed_cert_with_key,
    ),
    f("get", &[Map, Str], dicts::get),
    f("getHostByName", &[Str], random::get_host_by_name),
    f("has", &[Interface, Interface], lists::has),
    f("hasKey", &[Map, Str], dicts::has_key),
    f("hasPrefix", &[Str, Str], strings::has_prefix).keeps_bytes(),
    f("hasSuffix", &[Str, Str], strings::has_suffix).keeps_bytes(),
    f("hello", &[], hello),
    f("htmlDate", &[Interface], date::html_date),
    f("htmlDateInZone", &[Interface, Str], date::html_date_in_zone),
    f("htpasswd", &[Str, Str], crypto::htpasswd),
    f("indent", &[Int, Str], strings::indent).raw(),
    f("initial", &[Interface], lists::initial),
    f("initials", &[Str], strings::initials),
    f("int", &[Interface], math::to_int),
    f("int64", &[Interface], math::to_int64_fn),
    f("isAbs", &[Str], paths::is_abs),
    f("join", &[Str, Interface], strings::join).keeps_bytes(),
    f("kebabcase", &[Str], strings::kebabcase),
    v("keys", &[], Map, dicts::keys),
    f("kindIs", &[Str, Interface], reflect::kind_is),
    f("kindOf", &[Interface], reflect::kind_of),
    f("last", &[Interface], lists::last),
    v("list", &[], Interface, lists::list_fn),
    f("lookup", &[Str, Str, Str, Str], helm::lookup),
    f("lower", &[Str], strings::lower),
    v("max", &[Interface], Interface, math::max),
    v("maxf", &[Interface], Interface, math::maxf),
    v("merge", &[Map], Map, dicts::merge),
    v("mergeOverwrite", &[Map], Map, dicts::merge_overwrite),
    v("min", &[Interface], Interface, math::min),
    v("minf", &[Interface], Interface, math::minf),
    f("mod", &[Interface, Interface], math::modulo),
    v("mul", &[Interface], Interface, math::mul),
    v("mulf", &[Interface], Interface, math::mulf),
    f("mustAppend", &[Interface, Interface], lists::push),
    f("mustChunk", &[Int, Interface], lists::chunk),
    f("mustCompact", &[Interface], lists::compact),
    f("mustDateModify", &[Str, Interface], date::must_date_modify),
    f("mustDeepCopy", &[Interface], dicts::deep_copy),
    f("mustFirst", &[Interface], lists::first),
    f("mustFromJson", &[Str], yaml_json::must_from_json),
    f("mustHas", &[Interface, Interface], lists::has),
    f("mustInitial", &[Interface], lists::initial),
    f("mustLast", &[Interface], lists::last),
    v("mustMerge", &[Map], Map, dicts::must_merge),
    v(
        "mustMergeOverwrite",
        &[Map],
        Map,
        dicts::must_merge_overwrite,
    ),
    f("mustPrepend", &[Interface, Interface], lists::prepend),
    f("mustPush", &[Interface, Interface], lists::push),
    f("mustRegexFind", &[Str, Str], regex::must_regex_find),
    f(
        "mustRegexFindAll",
        &[Str, Str, Int],
        regex::must_regex_find_all,
    ),
    f("mustRegexMatch", &[Str, Str], regex::must_regex_match),
    f(
        "mustRegexReplaceAll",
        &[Str, Str, Str],
        regex::must_regex_replace_all,
    ),
    f(
        "mustRegexReplaceAllLiteral",
        &[Str, Str, Str],
        regex::must_regex_replace_all_literal,
    ),
    f("mustRegexSplit", &[Str, Str, Int], regex::must_regex_split),
    f("mustRest", &[Interface], lists::rest),
    f("mustReverse", &[Interface], lists::reverse),
    v("mustSlice", &[Interface], Interface, lists::slice),
    f("mustToDate", &[Str, Str], date::must_to_date),
    f("mustToDuration", &[Interface], durations::must_to_duration),
    f("mustToJson", &[Interface], yaml_json::must_to_json),
    f(
        "mustToPrettyJson",
        &[Interface],
        yaml_json::must_to_pretty_json,
    ),
    f("mustToRawJson", &[Interface], yaml_json::to_raw_json),
    f("mustToToml", &[Interface], toml::must_to_toml),
    f("mustToYaml", &[Interface], yaml_json::must_to_yaml),
    f("mustUniq", &[Interface], lists::uniq),
    v("mustWithout", &[Interface], Interface, lists::without),
    f(
        "must_date_modify",
        &[Str, Interface],
        date::must_date_modify,
    ),
    f("nindent", &[Int, Str], strings::nindent).raw(),
    f("nospace", &[Str], strings::nospace).raw(),
    f("now", &[], date::now),
    v("omit", &[Map], Str, dicts::omit),
    f("osBase", &[Str], paths::base),
    f("osClean", &[Str], paths::clean),
    f("osDir", &[Str], paths::dir),
    f("osExt", &[Str], paths::ext),
    f("osIsAbs", &[Str], paths::is_abs),
    v("pick", &[Map], Str, dicts::pick),
    v("pluck", &[Str], Map, dicts::pluck),
    f("plural", &[Str, Str, Int], strings::plural).keeps_bytes(),
    f("prepend", &[Interface, Interface], lists::prepend),
    f("push", &[Interface, Interface], lists::push),
    v("quote", &[], Interface, strings::quote),
    f("randAlpha", &[Int], random::rand_alpha),
    f("randAlphaNum", &[Int], random::rand_alpha_num),
    f("randAscii", &[Int], random::rand_ascii),
    f("randBytes", &[Int], random::rand_bytes),
    f("randInt", &[Int, Int], random::rand_int),
    f("randNumeric", &[Int], random::rand_numeric),
    f("regexFind", &[Str, Str], regex::regex_find),
    f("regexFindAll", &[Str, Str, Int], regex::regex_find_all),
    f("regexMatch", &[Str, Str], regex::regex_match),
    f("regexQuoteMeta", &[Str], regex::regex_quote_meta),
    f(
        "regexReplaceAll",
        &[Str, Str, Str],
        regex::regex_replace_all,
    ),
    f(
        "regexReplaceAllLiteral",
        &[Str, Str, Str],
        regex::regex_replace_all_literal,
    ),
    f("regexSplit", &[Str, Str, Int], regex::regex_split),
    f("repeat", &[Int, Str], strings::repeat).keeps_bytes(),
    f("replace", &[Str, Str, Str], strings::replace).raw(),
    f("required", &[Str, Interface], helm::required),
    f("rest", &[Interface], lists::rest),
    f("reverse", &[Interface], lists::reverse),
    v("round", &[Interface, Int], GoType::Float64, math::round),
    f("semver", &[Str], semver::semver),
    f("semverCompare", &[Str, Str], semver::semver_compare),
    v("seq", &[], Int, lists::seq),
    f("set", &[Map, Str, Interface], dicts::set),
    f("sha1sum", &[Str], encoding::sha1sum).raw(),
    f("sha256sum", &[Str], encoding::sha256sum).raw(),
    f("sha512sum", &[Str], encoding::sha512sum).raw(),
    f("shuffle", &[Str], random::shuffle),
    v("slice", &[Interface], Interface, lists::slice),
    f("snakecase", &[Str], strings::snakecase),
    f("sortAlpha", &[Interface], strings::sort_alpha).raw(),
    f("split", &[Str, Str], strings::split).keeps_bytes(),
    f("splitList", &[Str, Str], strings::split_list).keeps_bytes(),
    f("splitn", &[Str, Int, Str], strings::splitn).keeps_bytes(),
    v("squote", &[], Interface, strings::squote).keeps_bytes(),
    f("sub", &[Interface, Interface], math::sub),
    v("subf", &[Interface], Interface, math::subf),
    f("substr", &[Int, Int, Str], strings::substr).raw(),
    f("swapcase", &[Str], strings::swapcase),
    f("ternary", &[Interface, Interface, Bool], defaults::ternary),
    f("title", &[Str], strings::title),
    f("toDate", &[Str, Str], date::to_date),
    f("toDecimal", &[Interface], math::to_decimal),
    f("toJson", &[Interface], yaml_json::to_json),
    f("toPrettyJson", &[Interface], yaml_json::to_pretty_json),
    f("toRawJson", &[Interface], yaml_json::to_raw_json),
    f("toString", &[Interface], strings::to_string).keeps_bytes(),
    f("toStrings", &[Interface], strings::to_strings).keeps_bytes(),
    f("toToml", &[Interface], toml::to_toml),
    f("toYaml", &[Interface], yaml_json::to_yaml),
    f("toYamlPretty", &[Interface], yaml_pretty::to_yaml_pretty),
    f("trim", &[Str], strings::trim).keeps_bytes(),
    f("trimAll", &[Str, Str], strings::trim_all).keeps_bytes(),
    f("trimPrefix", &[Str, Str], strings::trim_prefix).keeps_bytes(),
    f("trimSuffix", &[Str, Str], strings::trim_suffix).keeps_bytes(),
    f("trimall", &[Str, Str], strings::trim_all).keeps_bytes(),
    f("trunc", &[Int, Str], strings::trunc).raw(),
    v("tuple", &[], Interface, lists::list_fn),
    f("typeIs", &[Str, Interface], reflect::type_is),
    f("typeIsLike", &[Str, Interface], reflect::type_is_like),
    f("typeOf", &[Interface], reflect::type_of),
    f("uniq", &[Interface], lists::uniq),
    f("unixEpoch", &[Interface], date::unix_epoch),
    f("unset", &[Map, Str], dicts::unset),
    f("until", &[Int], lists::until),
    f("untilStep", &[Int, Int, Int], lists::until_step_fn),
    f("untitle", &[Str], strings::untitle),
    f("upper", &[Str], strings::upper),
    f("urlJoin", &[Map], url::url_join),
    f("urlParse", &[Str], url::url_parse),
    f("uuidv4", &[], random::uuidv4),
    f("values", &[Map], dicts::values),
    v("without", &[Interface], Interface, lists::without),
    f("wrap", &[Int, Str], strings::wrap).raw(),
    f("wrapWith", &[Int, Str, Str], strings::wrap_with).raw(),
];

/// Functions that only newer Helms define, with the first `(major, minor)` that has each
/// (read from Helm's `pkg/engine/funcs.go` at each tag and checked with the real binaries:
/// 3.17–3.19 have none of these, 4.1 `mustToYaml`, 4.2 `mustToToml`, 4.3 the durations).
#[allow(dead_code)] // for parse-time availability by profile (not wired yet)
pub static SINCE: &[(&str, (u32, u32))] = &[
    ("durationDays", (4, 3)),
    ("durationHours", (4, 3)),
    ("durationMicroseconds", (4, 3)),
    ("durationMilliseconds", (4, 3)),
    ("durationMinutes", (4, 3)),
    ("durationNanoseconds", (4, 3)),
    ("durationRoundTo", (4, 3)),
    ("durationSeconds", (4, 3)),
    ("durationTruncateTo", (4, 3)),
    ("durationWeeks", (4, 3)),
    ("mustToDuration", (4, 3)),
    ("mustToToml", (4, 2)),
    ("mustToYaml", (4, 0)),
];

/// Whether Helm `major.minor` defines the function `name` (every function not in [`SINCE`] is
/// in all Helm 3.17+ and 4.x).
#[allow(dead_code)] // for parse-time availability by profile (not wired yet)
pub fn available(name: &str, helm: (u32, u32)) -> bool {
    SINCE
        .iter()
        .find(|(n, _)| *n == name)
        .is_none_or(|(_, since)| helm >= *since)
}

/// The function called `name`, if the map has it (in some Helm: see [`available`]).
pub fn lookup(name: &str) -> Option<&'static Func> {
    FUNCS
        .binary_search_by(|f| f.name.cmp(name))
        .ok()
        .and_then(|i| FUNCS.get(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn funcs_are_sorted_and_unique() {
        for w in FUNCS.windows(2) {
            assert!(w[0].name < w[1].name, "{} before {}", w[0].name, w[1].name);
        }
    }

    #[test]
    fn lookup_finds_every_function() {
        for f in FUNCS {
            assert_eq!(lookup(f.name).map(|g| g.name), Some(f.name));
        }
        assert!(lookup("env").is_none());
        assert!(lookup("expandenv").is_none());
        assert!(lookup("include").is_none());
    }

    #[test]
    fn newer_functions_exist_only_in_their_helm() {
        assert!(!available("mustToYaml", (3, 17)));
        assert!(available("mustToYaml", (4, 1)));
        assert!(available("toYaml", (3, 17)));
        for (name, _) in SINCE {
            assert!(lookup(name).is_some(), "{name}");
        }
    }
}
