//! A differential table: templates over every family of functions (typed results, edge
//! cases, printf flags, errors turned into text), each with the output `helm template`
//! (v3.17.2) printed for it inside `include`. Functions whose output is random, or depends on
//! the clock or the machine's time zone, are left out.

use super::sprig_tables::render;

/// (template, Helm's output).
const CASES: &[(&str, &str)] = &[
    // Sprig's float arithmetic for the count and the last length (Helm 4.3 printed these).
    (
        r#"{{ printf "%T %v" (chunk -2 (list 1)) (chunk -2 (list 1)) }}"#,
        r#"[][]interface {} [[1]]"#,
    ),
    (
        r#"{{ printf "%T %v" (chunk -1 (list 1 2)) (chunk -1 (list 1 2)) }}"#,
        r#"[][]interface {} []"#,
    ),
    (
        r#"{{ printf "%T %v" (chunk 2 (list 1 2 3)) (chunk 3 (list)) }}"#,
        r#"[][]interface {} []"#,
    ),
    (r#"{{ toString 1e6 }}"#, r#"1e+06"#),
    (r#"{{ toString (int64 5) }}"#, r#"5"#),
    (r#"{{ quote 1.5 true nil }}"#, r#""1.5" "true""#),
    (r#"{{ squote (list 1 2) }}"#, r#"'[1 2]'"#),
    (r#"{{ cat 1.5 "x" (dict "a" 1) }}"#, r#"1.5 x map[a:1]"#),
    (r#"{{ int64 "1e3" }}"#, r#"0"#),
    (r#"{{ int "0x10" }}"#, r#"16"#),
    (r#"{{ float64 "abc" }}"#, r#"0"#),
    (r#"{{ float64 true }}"#, r#"1"#),
    (r#"{{ atoi "0x10" }}"#, r#"0"#),
    (r#"{{ join "," (list "a" 1 nil 2.5) }}"#, r#"a,1,2.5"#),
    (r#"{{ toStrings (list 1 (list 2)) }}"#, r#"[1 [2]]"#),
    (
        r#"{{ sortAlpha (list "b" "B" "a" "10" "9") }}"#,
        r#"[10 9 B a b]"#,
    ),
    // A string that is not UTF-8 keeps its bytes (Helm 4.3 and 3.17 printed these).
    (
        r#"{{ sortAlpha (b64dec "/w==") | first | b64enc }} {{ sortAlpha (b64dec "/w==") | len }}"#,
        r#"/w== 1"#,
    ),
    (
        r#"{{ sortAlpha (list (b64dec "/w==") "a") | last | b64enc }}"#,
        r#"/w=="#,
    ),
    (
        r#"{{ uniq (list (dict "a" 1) (dict "a" 1) (list 1) (list 1)) }}"#,
        r#"[map[a:1] [1]]"#,
    ),
    (r#"{{ without (list "a" "b" "a") "a" "c" }}"#, r#"[b]"#),
    (r#"{{ has "a" (list "a" "b") }}"#, r#"true"#),
    (r#"{{ has 1 (list 1.0) }}"#, r#"false"#),
    (
        r#"{{ compact (list "" (list) (dict) 0 0.0 false nil "x") }}"#,
        r#"[x]"#,
    ),
    (
        r#"{{ chunk 3 (list 1 2 3 4 5 6 7) }}"#,
        r#"[[1 2 3] [4 5 6] [7]]"#,
    ),
    (r#"{{ rest (list 1) }}"#, r#"[]"#),
    (r#"{{ initial (list 1) }}"#, r#"[]"#),
    (r#"{{ reverse (list) }}"#, r#"[]"#),
    (r#"{{ append (splitList "," "a,b") "c" }}"#, r#"[a b c]"#),
    (
        r#"{{ typeOf (append (splitList "," "a,b") "c") }}"#,
        r#"[]interface {}"#,
    ),
    (r#"{{ typeOf (splitList "," "a") }}"#, r#"[]string"#),
    (r#"{{ typeOf (until 2) }}"#, r#"[]int"#),
    (r#"{{ typeOf (split "," "a") }}"#, r#"map[string]string"#),
    (r#"{{ typeOf (semverCompare "1" "1.0.0") }}"#, r#"bool"#),
    (r#"{{ typeOf (add 1 2) }}"#, r#"int64"#),
    (r#"{{ typeOf (add1 1) }}"#, r#"int64"#),
    (r#"{{ typeOf (mul 1) }}"#, r#"int64"#),
    (r#"{{ typeOf (max 1) }}"#, r#"int64"#),
    (r#"{{ typeOf (addf 1) }}"#, r#"float64"#),
    (r#"{{ typeOf (int 1.5) }}"#, r#"int"#),
    (r#"{{ typeOf (int64 1.5) }}"#, r#"int64"#),
    (r#"{{ typeOf (float64 1) }}"#, r#"float64"#),
    (r#"{{ typeOf (ceil 1) }}"#, r#"float64"#),
    (r#"{{ typeOf (round 1.2 0) }}"#, r#"float64"#),
    (r#"{{ typeOf (len (list)) }}"#, r#"int"#),
    (r#"{{ typeOf (randAlphaNum 3) }}"#, r#"string"#),
    (r#"{{ typeOf (dict) }}"#, r#"map[string]interface {}"#),
    (r#"{{ typeOf (list) }}"#, r#"[]interface {}"#),
    (r#"{{ typeOf (tuple) }}"#, r#"[]interface {}"#),
    (
        r#"{{ typeOf (fromYaml "a: 1") }}"#,
        r#"map[string]interface {}"#,
    ),
    (r#"{{ typeOf (fromYaml "a: 1").a }}"#, r#"float64"#),
    (r#"{{ typeOf (fromYaml "a: [1]").a }}"#, r#"[]interface {}"#),
    (r#"{{ typeOf (fromJson "{\"a\": 1}").a }}"#, r#"float64"#),
    (r#"{{ kindOf (semver "1.0.0") }}"#, r#"ptr"#),
    (r#"{{ kindOf (genCA "x" 1) }}"#, r#"struct"#),
    (r#"{{ kindOf 1.5 }}"#, r#"float64"#),
    (r#"{{ kindIs "int" 1 }}"#, r#"true"#),
    (r#"{{ typeIs "float64" 1.0 }}"#, r#"true"#),
    (
        r#"{{ typeIsLike "semver.Version" (semver "1.2.3") }}"#,
        r#"true"#,
    ),
    (
        r#"{{ deepEqual (dict "a" (list 1)) (dict "a" (list 1)) }}"#,
        r#"true"#,
    ),
    (r#"{{ deepEqual (list) (splitList "," "") }}"#, r#"false"#),
    (r#"{{ empty (semver "1.0.0") }}"#, r#"false"#),
    (r#"{{ empty 0.0 }}"#, r#"true"#),
    (r#"{{ default "x" (list) }}"#, r#"x"#),
    (r#"{{ default "x" (dict "a" 1) }}"#, r#"map[a:1]"#),
    (r#"{{ coalesce nil "" 0 (list) "z" }}"#, r#"z"#),
    (r#"{{ ternary "a" "b" false }}"#, r#"b"#),
    (
        r#"{{ dig "a" "b" "c" "def" (dict "a" (dict "b" (dict))) }}"#,
        r#"def"#,
    ),
    (r#"{{ pick (dict "a" 1 "b" 2) "b" }}"#, r#"map[b:2]"#),
    (r#"{{ omit (dict "a" 1 "b" 2) "b" "c" }}"#, r#"map[a:1]"#),
    (
        r#"{{ pluck "a" (dict "a" 1) (dict "a" nil) }}"#,
        r#"[1 <nil>]"#,
    ),
    (r#"{{ get (dict "a" nil) "a" }}"#, r#"<no value>"#),
    (r#"{{ hasKey (dict "a" nil) "a" }}"#, r#"true"#),
    (r#"{{ set (dict) "k" (list 1) }}"#, r#"map[k:[1]]"#),
    (r#"{{ unset (dict "a" 1) "a" }}"#, r#"map[]"#),
    (
        r#"{{ merge (dict "a" (dict "x" 1)) (dict "a" (dict "y" 2)) (dict "a" (dict "x" 3 "z" 4)) }}"#,
        r#"map[a:map[x:1 y:2 z:4]]"#,
    ),
    (
        r#"{{ mergeOverwrite (dict "a" (dict "x" 1)) (dict "a" "str") }}"#,
        r#"map[a:str]"#,
    ),
    (
        r#"{{ merge (dict "a" "str") (dict "a" (dict "x" 1)) }}"#,
        r#"map[a:str]"#,
    ),
    (
        r#"{{ deepCopy (dict "a" (list 1 (dict "b" 2))) }}"#,
        r#"map[a:[1 map[b:2]]]"#,
    ),
    (r#"{{ trimAll "ab" "abcba" }}"#, r#"c"#),
    (r#"{{ trimSuffix "-" "a-" }}"#, r#"a"#),
    (r#"{{ trimPrefix "-" "-a" }}"#, r#"a"#),
    (r#"{{ trim "\t x \n" }}"#, r#"x"#),
    (r#"{{ upper "ß" }}"#, r#"ß"#),
    (r#"{{ lower "ÀB" }}"#, r#"àb"#),
    (
        r#"{{ title "hello-world o'neil" }}"#,
        r#"Hello-World O'Neil"#,
    ),
    (r#"{{ repeat 0 "x" }}"#, r#""#),
    (r#"{{ substr 2 2 "abc" }}"#, r#""#),
    (r#"{{ substr 0 -1 "abc" }}"#, r#"abc"#),
    (r#"{{ nospace "é é" }}"#, r#"Ã©Ã©"#),
    (r#"{{ initials "hello World   foo" }}"#, r#"hWf"#),
    (
        r#"{{ wrap 10 "a verylongword b c" }}"#,
        r#"a
verylongword
b c"#,
    ),
    (r#"{{ wrapWith 3 "|" "abcdefg hi" }}"#, r#"abc|def|g|hi"#),
    (r#"{{ indent 2 "" }}"#, r#"  "#),
    (
        r#"{{ nindent 0 "a" }}"#,
        r#"
a"#,
    ),
    (r#"{{ replace "" "-" "abc" }}"#, r#"-a-b-c-"#),
    (r#"{{ plural "a" "b" 1 }}"#, r#"a"#),
    (r#"{{ snakecase "HTTPServerID" }}"#, r#"http_server_id"#),
    (r#"{{ snakecase "a1B2c" }}"#, r#"a1_b_2c"#),
    (
        r#"{{ snakecase "hello world-foo_bar" }}"#,
        r#"hello_world_foo_bar"#,
    ),
    (r#"{{ kebabcase "FooBar baz" }}"#, r#"foo-bar-baz"#),
    (r#"{{ camelcase "foo-bar baz" }}"#, r#"FooBarBaz"#),
    (r#"{{ camelcase "FOO_BAR" }}"#, r#"FooBar"#),
    (r#"{{ swapcase "Hello wORLD" }}"#, r#"hELLO World"#),
    (r#"{{ contains "" "abc" }}"#, r#"true"#),
    (r#"{{ hasPrefix "" "abc" }}"#, r#"true"#),
    (r#"{{ abbrev 5 "abc" }}"#, r#"abc"#),
    (r#"{{ abbrevboth 0 5 "abcdefgh" }}"#, r#"ab..."#),
    (r#"{{ regexFindAll "a(b)?" "ab a abb" 2 }}"#, r#"[ab a]"#),
    (r#"{{ regexFindAll "x*" "abc" -1 }}"#, r#"[   ]"#),
    (r#"{{ regexSplit "x*" "abc" -1 }}"#, r#"[a b c]"#),
    (r#"{{ regexSplit "," "" -1 }}"#, r#"[]"#),
    (
        r#"{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}"#,
        r#"-W-xxW-"#,
    ),
    (r#"{{ regexReplaceAll "(?i)A" "aA" "b" }}"#, r#"bb"#),
    (r#"{{ regexReplaceAllLiteral "a" "a" "${0}" }}"#, r#"${0}"#),
    (r#"{{ regexMatch "^[[:alpha:]]+$" "abc" }}"#, r#"true"#),
    (r#"{{ regexMatch "^\\w+$" "abc_1" }}"#, r#"true"#),
    (r#"{{ regexFind "[a-c]{2}" "xxabcc" }}"#, r#"ab"#),
    (r#"{{ b64enc "ä" }}"#, r#"w6Q="#),
    (r#"{{ b64dec "w6Q=" }}"#, r#"ä"#),
    (
        r#"{{ b64dec "YQ" }}"#,
        r#"illegal base64 data at input byte 0"#,
    ),
    (
        r#"{{ b32dec "ME" }}"#,
        r#"illegal base32 data at input byte 0"#,
    ),
    (
        r#"{{ sha256sum "" }}"#,
        r#"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"#,
    ),
    (r#"{{ adler32sum "" }}"#, r#"1"#),
    (r#"{{ base "/a/b/" }}"#, r#"b"#),
    (r#"{{ dir "/" }}"#, r#"/"#),
    (r#"{{ ext "a." }}"#, r#"."#),
    (r#"{{ clean "/../a//b/." }}"#, r#"/a/b"#),
    (r#"{{ isAbs "a" }}"#, r#"false"#),
    (r#"{{ semver "1.2.3-beta.1+001" }}"#, r#"1.2.3-beta.1+001"#),
    (r#"{{ semverCompare "~1.2.3" "1.2.9" }}"#, r#"true"#),
    (r#"{{ semverCompare "^0.2.3" "0.2.9" }}"#, r#"true"#),
    (r#"{{ semverCompare "^0.2.3" "0.3.0" }}"#, r#"false"#),
    (
        r#"{{ semverCompare ">= 1.2, < 3.0.0" "2.9.9" }}"#,
        r#"true"#,
    ),
    (r#"{{ semverCompare "!=1.2.3" "1.2.3" }}"#, r#"false"#),
    (r#"{{ semverCompare "1.2.x" "1.3.0" }}"#, r#"false"#),
    (r#"{{ semverCompare ">1.2" "1.2.5" }}"#, r#"false"#),
    (r#"{{ semverCompare "<=1.2" "1.2.9" }}"#, r#"true"#),
    (r#"{{ semverCompare "*" "1.2.9-alpha" }}"#, r#"false"#),
    (
        r#"{{ semverCompare ">=1.2.3-0" "1.2.3-alpha" }}"#,
        r#"true"#,
    ),
    (r#"{{ (semver "1.2.3").IncPatch }}"#, r#"1.2.4"#),
    (r#"{{ (semver "1.2.3-a").IncPatch }}"#, r#"1.2.3"#),
    (r#"{{ (semver "v1.2.3").String }}"#, r#"1.2.3"#),
    (r#"{{ until -3 }}"#, r#"[0 -1 -2]"#),
    (r#"{{ untilStep 10 0 -3 }}"#, r#"[10 7 4 1]"#),
    (r#"{{ untilStep 0 10 0 }}"#, r#"[]"#),
    (r#"{{ seq 0 }}"#, r#"1 0"#),
    (r#"{{ seq -2 }}"#, r#"1 0 -1 -2"#),
    (r#"{{ seq 3 -1 1 }}"#, r#"3 2 1"#),
    (r#"{{ seq 1 1 1 }}"#, r#"1"#),
    (r#"{{ max -1 -5 }}"#, r#"-1"#),
    (r#"{{ min 5 }}"#, r#"5"#),
    (r#"{{ maxf 1 "2.5" 3 }}"#, r#"3"#),
    (r#"{{ minf 1 "x" }}"#, r#"0"#),
    (r#"{{ add1 "5" }}"#, r#"6"#),
    (r#"{{ sub "10" 2.9 }}"#, r#"8"#),
    (r#"{{ mod 10 3 }}"#, r#"1"#),
    (r#"{{ div -7 2 }}"#, r#"-3"#),
    (r#"{{ mul 3 "4" 5.9 }}"#, r#"60"#),
    (r#"{{ floor -1.5 }}"#, r#"-2"#),
    (r#"{{ ceil -1.5 }}"#, r#"-1"#),
    (r#"{{ round 123.456 -1 }}"#, r#"120"#),
    (r#"{{ round -0.5 0 }}"#, r#"-1"#),
    (r#"{{ round 2.675 2 }}"#, r#"2.68"#),
    (r#"{{ toDecimal "-17" }}"#, r#"-15"#),
    (r#"{{ addf 1.1 2.2 }}"#, r#"3.3"#),
    (r#"{{ subf 10 0.1 0.2 }}"#, r#"9.7"#),
    (r#"{{ mulf 1.1 1.1 }}"#, r#"1.21"#),
    (r#"{{ divf 10 3 }}"#, r#"3.3333333333333335"#),
    (r#"{{ divf 1 3 3 }}"#, r#"0.1111111111111111"#),
    (r#"{{ add1f 1e20 }}"#, r#"1e+20"#),
    (r#"{{ duration "3700" }}"#, r#"1h1m40s"#),
    (r#"{{ duration (int64 90061) }}"#, r#"25h1m1s"#),
    (r#"{{ durationRound "5s" }}"#, r#"5s"#),
    (r#"{{ durationRound "61s" }}"#, r#"1m"#),
    (r#"{{ durationRound "36h" }}"#, r#"1d"#),
    (r#"{{ durationRound "800h" }}"#, r#"1mo"#),
    (r#"{{ durationRound "9000h" }}"#, r#"1y"#),
    (r#"{{ durationRound (int64 1000000000) }}"#, r#"0s"#),
    (r#"{{ toJson (semver "1.2.3") }}"#, r#""1.2.3""#),
    (
        r#"{{ toJson (dict "a" 1.5 "b" (list nil true) "c" "<&>") }}"#,
        r#"{"a":1.5,"b":[null,true],"c":"\u003c\u0026\u003e"}"#,
    ),
    (
        r#"{{ toPrettyJson (dict "a" (dict)) }}"#,
        r#"{
  "a": {}
}"#,
    ),
    (r#"{{ toRawJson (list "<a>" 1e21) }}"#, r#"["<a>",1e+21]"#),
    (r#"{{ toYaml (list) }}"#, r#"[]"#),
    (r#"{{ toYaml nil }}"#, r#"null"#),
    (r#"{{ toYaml "a: b" }}"#, r#"'a: b'"#),
    (r#"{{ toYaml 1e21 }}"#, r#"1e+21"#),
    (r#"{{ toJson 1e21 }}"#, r#"1e+21"#),
    (r#"{{ toJson 1e20 }}"#, r#"100000000000000000000"#),
    (r#"{{ toJson 0.000001 }}"#, r#"0.000001"#),
    (r#"{{ toJson 1e-7 }}"#, r#"1e-7"#),
    (r#"{{ fromYamlArray "- a\n- 1" }}"#, r#"[a 1]"#),
    (
        r#"{{ fromJsonArray "[1, \"a\", null]" }}"#,
        r#"[1 a <nil>]"#,
    ),
    (
        r#"{{ fromJson "{\"a\": 12345678901234567890}" }}"#,
        r#"map[a:1.2345678901234567e+19]"#,
    ),
    (r#"{{ mustFromJson "\"s\"" }}"#, r#"s"#),
    (r#"{{ printf "%v" (semver "1.0.0") }}"#, r#"1.0.0"#),
    (
        r#"{{ printf "%v" (genCA "x" 1).Cert | len | lt 10 }}"#,
        r#"true"#,
    ),
    (r#"{{ printf "%d %s" (int64 3) (list "a") }}"#, r#"3 [a]"#),
    (
        r#"{{ printf "%-8v|" (list 1 2) }}"#,
        r#"[1        2       ]|"#,
    ),
    (r#"{{ printf "%x" (list 10 11) }}"#, r#"[a b]"#),
    (r#"{{ printf "%q" (dict "a" "b") }}"#, r#"map["a":"b"]"#),
    (r#"{{ printf "%05s" "ab" }}"#, r#"000ab"#),
    (r#"{{ printf "%.1v" "abc" }}"#, r#"a"#),
    (r#"{{ printf "%6.2v" 3.14159 }}"#, r#"   3.1"#),
    (r#"{{ printf "%g" 1e-5 }}"#, r#"1e-05"#),
    (r#"{{ printf "%e" 0 }}"#, r#"%!e(int=0)"#),
    (r#"{{ printf "%+.3e" 12345.678 }}"#, r#"+1.235e+04"#),
    (r#"{{ printf "%#v" "a" }}"#, r#""a""#),
    (r#"{{ printf "%#v" 1 }}"#, r#"1"#),
    (
        r#"{{ printf "%v" (list (list 1) (dict "a" (list))) }}"#,
        r#"[[1] map[a:[]]]"#,
    ),
    (r#"{{ printf "%c|%c" 0x1F600 -1 }}"#, r#"😀|�"#),
    (r#"{{ printf "%U" -1 }}"#, r#"U+FFFFFFFFFFFFFFFF"#),
    (r#"{{ printf "%o" -8 }}"#, r#"-10"#),
    (r#"{{ printf "%b" 0 }}"#, r#"0"#),
    (r#"{{ printf "%08.3d" -5 }}"#, r#"    -005"#),
    (r#"{{ printf "% x" 255 }}"#, r#" ff"#),
    (r#"{{ printf "%#08x" 255 }}"#, r#"0x000000ff"#),
    (r#"{{ printf "%-+5d|" 3 }}"#, r#"+3   |"#),
    (r#"{{ printf "%t" 1 }}"#, r#"%!t(int=1)"#),
    (r#"{{ printf "%!" }}"#, r#"%!!(MISSING)"#),
    (r#"{{ printf "%[2]d %d" 1 2 3 }}"#, r#"2 3"#),
    (r#"{{ printf "%[0]d" 1 }}"#, r#"%!d(BADINDEX)"#),
    (r#"{{ printf "%*s" -4 "a" }}"#, r#"a   "#),
    (r#"{{ printf "%.*d" -1 5 }}"#, r#"%!(BADPREC)5"#),
    (r#"{{ printf "%[1]*d" 3 4 }}"#, r#"  4"#),
    (
        r#"{{ urlParse "mailto:a@b.c" }}"#,
        r#"map[fragment: host: hostname: opaque:a@b.c path: query: scheme:mailto userinfo:]"#,
    ),
    (
        r#"{{ urlParse "http://[::1]:80/p%20q?x=1#f%20g" }}"#,
        r#"map[fragment:f g host:[::1]:80 hostname:::1 opaque: path:/p q query:x=1 scheme:http userinfo:]"#,
    ),
    (
        r#"{{ urlJoin (dict "scheme" "https" "host" "h" "path" "a b") }}"#,
        r#"https://h/a%20b"#,
    ),
    (
        r#"{{ toToml (dict "a" (list (dict "b" 1) 2)) }}"#,
        r#"a = [{b = 1}, 2]
"#,
    ),
    (r#"{{ toToml (list 1 2) }}"#, r#"[1, 2]"#),
    (r#"{{ toToml 1.5 }}"#, r#"1.5"#),
    (
        r#"{{ toToml (dict "n" 1e21 "m" -0.0 "s" "tab\tq\"") }}"#,
        r#"m = -0.0
n = 1000000000000000000000.0
s = "tab\tq\""
"#,
    ),
    (
        r#"{{ fromToml "a = [1, 2]\nb = \"s\"\n[[c]]\nd = 1" }}"#,
        r#"map[a:[1 2] b:s c:[map[d:1]]]"#,
    ),
    (r#"{{ getHostByName "localhost" }}"#, r#""#),
    (r#"{{ lookup "v1" "Pod" "ns" "name" }}"#, r#"map[]"#),
    (
        r#"{{ sha1sum "abc" }}"#,
        r#"a9993e364706816aba3e25717850c26c9cd0d89d"#,
    ),
    (
        r#"{{ sha512sum "abc" }}"#,
        r#"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"#,
    ),
    (r#"{{ encryptAES "" "x" | len }}"#, r#"44"#),
    (r#"{{ decryptAES "k" "" | quote }}"#, r#""""#),
    (r#"{{ hello }}"#, r#"Hello!"#),
];

#[test]
fn templates_render_as_helm_renders_them() {
    let mut failures = Vec::new();
    for (template, want) in CASES {
        match render(template) {
            Ok(got) if got == *want => {}
            other => failures.push(format!("{template}\n  want {want:?}\n  got  {other:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// (template, the end of Helm's error): Go panics in Sprig's functions that Helm reports as
/// the call's error (Helm 3.17 and 4.3 print these).
const PANICS: &[(&str, &str)] = &[
    (
        r#"{{ deepCopy nil }}"#,
        "error calling deepCopy: reflect: call of reflect.Value.Type on zero Value",
    ),
    (
        r#"{{ mustDeepCopy .missing }}"#,
        "error calling mustDeepCopy: reflect: call of reflect.Value.Type on zero Value",
    ),
    (
        r#"{{ chunk -1 (list 1 2 3) }}"#,
        "error calling chunk: runtime error: makeslice: len out of range",
    ),
    (
        r#"{{ chunk 0 (list) }}"#,
        "error calling chunk: runtime error: makeslice: len out of range",
    ),
    // Two slices (or two maps) are the same kind: the second is named as not comparable.
    (
        r#"{{ ne (list (list 1)) (splitList "," "x,y") }}"#,
        "error calling ne: non-comparable type [x y]: []string",
    ),
    (
        r#"{{ eq (dict "a" 1) (dict) }}"#,
        "error calling eq: non-comparable type map[]: map[string]interface {}",
    ),
    // `indexArg` lets the length itself through to reflect's `Index`, which panics.
    (
        r#"{{ index (list 1 2) 2 }}"#,
        "error calling index: reflect: slice index out of range",
    ),
    (
        r#"{{ index "ab" 2 }}"#,
        "error calling index: reflect: string index out of range",
    ),
    (
        r#"{{ index (list 1 2) 3 }}"#,
        "error calling index: index out of range: 3",
    ),
    (
        r#"{{ toToml nil }}"#,
        "error calling toToml: reflect: call of reflect.Value.Type on zero Value",
    ),
];

#[test]
fn go_panics_are_the_calls_errors() {
    for (template, want) in PANICS {
        let got = render(template);
        assert!(
            got.as_ref().is_err_and(|e| e.ends_with(want)),
            "{template}: {got:?}"
        );
    }
    // A nil slice or map equals nothing else, without an error.
    assert_eq!(
        render(r#"{{ eq (rest (list)) (list 1) }} {{ eq (dict) (fromJson "null") }}"#).as_deref(),
        Ok("false false")
    );
    // A nil inside is copied and encoded as Go does.
    assert_eq!(
        render(r#"{{ deepCopy (list nil 1) | toJson }} {{ toToml (dict "a" nil "b" 1) }}"#)
            .as_deref(),
        Ok("[null,1] b = 1\n")
    );
}
