//! Deterministic random inputs for tests: a tiny generator, and YAML documents shaped like
//! values files and rendered manifests (block maps and lists, every scalar style, the YAML 1.1
//! surprises), so that a fast path can be compared with the exact one on many inputs.

use crate::value::{Map, Value};

/// xorshift64*: a tiny deterministic generator, so failures reproduce.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Keys: ordinary ones, and ones YAML 1.1 or go-yaml treat specially.
const KEYS: &[&str] = &[
    "name",
    "image",
    "tag",
    "app.kubernetes.io/name",
    "a-b_c",
    "\"quoted key\"",
    "'single'",
    "\"1\"",
    "1",
    "yes",
    "on",
    "~",
    "null",
    "<<",
    "0x1F",
    "1.5",
    ".inf",
    "2024-01-02",
    "k#x",
    "k: v",
    "&a k",
    "!!str k",
    "? k",
    "-k",
    "é",
    "x y",
];

/// Scalars after `key: ` or `- `.
const SCALARS: &[&str] = &[
    "value",
    "hello world",
    "true",
    "False",
    "yes",
    "n",
    "off",
    "~",
    "null",
    "",
    "1",
    "-1",
    "0755",
    "0x1F",
    "0b101",
    "1_000",
    "1e3",
    "1.5",
    ".5",
    "-.inf",
    ".NaN",
    "9223372036854775808",
    "12:30",
    "2024-01-02",
    "2024-01-02T10:00:00Z",
    "\"double quoted\"",
    "\"esc \\\" \\\\ \\n \\t \\x41 \\u00e9\"",
    "\"slash \\/\"",
    "\"only \\\"simple\\\" \\\\ escapes \\n \\t\"",
    "\"{{ template \\\"x.name\\\" . }}\"",
    "\"bad \\q escape\"",
    "\"trail \\\"",
    "[ ]",
    "{ }",
    "[  ] # c",
    "{ } x",
    "[ a ]",
    "\n  {}",
    "\n  [ ] # c",
    "\n  {}\n  x: y",
    "\n  {}\n  # c\n",
    "\"apos \\'\"",
    "'single ''quoted'''",
    "'multi word'",
    "\"\"",
    "''",
    "{}",
    "[]",
    "[a, b]",
    "{a: 1}",
    "--flag=value",
    "-x",
    "a#b",
    "a # comment",
    "url://x:y",
    "a: b",
    "&anchor v",
    "*anchor",
    "!!int \"3\"",
    "!!binary aGk=",
    "|\n  block\n  text",
    ">-\n  folded\n  text",
    "value  ",
    "\"unterminated",
    "@at",
    "`tick",
    "%pct",
    "é ü",
    "multi\n  line",
    "plain  \n  more  text  \n\n  after blank\n\n\n  two blanks",
    "a\n  - b\n  'c'",
    "x\n  y: z",
    "'multi\n  line ''q''\n\n  end  '",
    "'  \n  x'",
    "\"dq\n   two  \n\n\n  three\"",
    "\"dq\n  \"",
    "|-\n  a\n\n    b\n  c",
    "|\n\n  lead blank\n  x\n\n",
    "|\n  x\n     \n  y",
    "|-\n   deeper\n  less",
    "|2-\n\n\n    x\n     y",
    "|1\n   x\n  y\n \n",
    "|-2\n  a",
    "|2\n\n   \n",
    ": x",
    "?",
    "a\tb",
    "\"q\" tail",
    "'q' tail",
    "\"q\"# c",
    "'q' # c",
    "[] tail",
    "{}x",
    "{} # c",
];

/// A document of nested block maps and lists, up to `depth` levels, with comments, blank
/// lines and the odd mistake.
pub(crate) fn block_yaml(rng: &mut Rng, depth: usize) -> String {
    let mut out = String::new();
    if rng.below(4) == 0 {
        out.push_str("# leading comment\n");
    }
    block_map(rng, KEYS, &mut out, 0, depth);
    if rng.below(8) == 0 {
        out.push_str("---\nsecond: doc\n");
    }
    out
}

/// A document shaped like a rendered manifest: the head's fields (`apiVersion`, `kind`,
/// `metadata.name`, `metadata.namespace`, the `helm.sh/hook` annotation) in the letter cases
/// Helm's case-insensitive reader takes, sometimes twice, of every scalar kind or nested where
/// a scalar belongs, among generated blocks.
pub(crate) fn manifest_yaml(rng: &mut Rng, depth: usize) -> String {
    let mut out = String::new();
    head_map(rng, &mut out, 0, 0, depth);
    out
}

/// The keys of the head at each level (top, `metadata`, `annotations`) and the key that opens
/// the next level.
const HEAD_LEVELS: [(&[&str], &str); 3] = [
    (&["apiVersion", "kind", "Kind", "APIVERSION"], "metadata"),
    (&["name", "namespace", "Name", "NAMESPACE"], "annotations"),
    (&["helm.sh/hook", "Helm.sh/Hook"], ""),
];

fn head_map(rng: &mut Rng, out: &mut String, col: usize, level: usize, depth: usize) {
    let (fields, next) = HEAD_LEVELS[level];
    for _ in 0..1 + rng.below(5) {
        indent(out, col);
        match rng.below(6) {
            0 | 1 => {
                out.push_str(rng.pick(fields));
                out.push(':');
                child(rng, KEYS, out, col, depth.min(1), true);
            }
            2 | 3 if !next.is_empty() => {
                out.push_str(if rng.below(4) == 0 { "Metadata" } else { next });
                out.push(':');
                if rng.below(6) == 0 {
                    child(rng, KEYS, out, col, 0, true);
                } else {
                    out.push('\n');
                    head_map(rng, out, col + 2, level + 1, depth);
                }
            }
            _ => {
                out.push_str(rng.pick(&KEYS[..5]));
                out.push(':');
                child(rng, KEYS, out, col, depth, true);
            }
        }
    }
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn block_map(rng: &mut Rng, keys: &[&str], out: &mut String, col: usize, depth: usize) {
    let n = 1 + rng.below(4);
    for i in 0..n {
        if i > 0 || !out.ends_with("- ") {
            indent(out, col);
        }
        match rng.below(40) {
            0 => out.push_str("# a comment\n"),
            1 => out.push('\n'),
            2 => out.push(' '),
            3 => out.push('\t'),
            _ => {}
        }
        let key = if rng.below(4) == 0 {
            rng.pick(keys)
        } else {
            rng.pick(&keys[..5])
        };
        out.push_str(key);
        out.push(':');
        child(rng, keys, out, col, depth, true);
    }
}

fn block_list(rng: &mut Rng, keys: &[&str], out: &mut String, col: usize, depth: usize) {
    let n = 1 + rng.below(3);
    for _ in 0..n {
        indent(out, col);
        out.push('-');
        child(rng, keys, out, col, depth, false);
    }
}

/// What follows `key:` or `-`: a scalar on the same line, or a nested block on the next.
fn child(rng: &mut Rng, keys: &[&str], out: &mut String, col: usize, depth: usize, in_map: bool) {
    let nest = depth > 0 && rng.below(3) == 0;
    if !nest {
        if rng.below(12) != 0 {
            out.push(' ');
            out.push_str(rng.pick(SCALARS));
        }
        if rng.below(10) == 0 {
            out.push_str(" # trailing");
        }
        out.push('\n');
        return;
    }
    // A list of maps written compactly (`- key: v`), or blocks on the following lines.
    if !in_map && rng.below(2) == 0 {
        out.push(' ');
        let mut inner = String::new();
        block_map(rng, keys, &mut inner, col + 2, depth - 1);
        out.push_str(inner.trim_start_matches(' '));
        return;
    }
    out.push('\n');
    let step = match rng.below(10) {
        0 => 0,
        1 => 1,
        2 => 4,
        _ => 2,
    };
    if rng.below(2) == 0 {
        block_map(rng, keys, out, col + step.max(1), depth - 1);
    } else {
        // Under a map key a list may sit at the key's own column.
        let c = if in_map && step == 0 { col } else { col + step };
        block_list(rng, keys, out, c, depth - 1);
    }
}

/// Strings for generated values: the chart's words, numbers and booleans as text, template
/// syntax, Helm's `<no value>`.
const STRINGS: &[&str] = &[
    "",
    "canary",
    "blueGreen",
    "x y",
    "true",
    "0",
    "80",
    "a\nb",
    "é",
    "{{ x }}",
    "<no value>",
    "-",
    "name-",
];

/// A random value, mostly small.
pub(crate) fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 7 } else { 10 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 1),
        2 => Value::Int(rng.below(5) as i64 - 1),
        3 => Value::Float([0.0, 1.5, 1e6, 80.0, -2.0][rng.below(5)]),
        4..=6 => Value::String(rng.pick(STRINGS).to_owned()),
        7 => Value::List(
            (0..rng.below(3))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut m = Map::new();
            for _ in 0..rng.below(3) {
                let key = rng.pick(&["type", "enabled", "name", "a", "path", "cpu"]);
                m.insert(key.to_owned(), random_value(rng, depth + 1));
            }
            Value::Map(m)
        }
    }
}

/// Changes one random place of the tree: a new value, a deleted key, or a boolean flipped.
pub(crate) fn mutate(rng: &mut Rng, v: &mut Value, root: bool) {
    match v {
        Value::Map(m) if !m.is_empty() && (root || rng.below(4) != 0) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let key = &keys[rng.below(keys.len())];
            match rng.below(6) {
                0 => {
                    m.remove(key);
                }
                1 => {
                    m.insert(key.clone(), random_value(rng, 0));
                }
                _ => {
                    if let Some(child) = m.get_mut(key) {
                        mutate(rng, child, false);
                    }
                }
            }
        }
        Value::List(l) if !l.is_empty() && rng.below(3) != 0 => {
            let i = rng.below(l.len());
            mutate(rng, &mut l[i], false);
        }
        Value::Bool(b) => *b = !*b,
        other => *other = random_value(rng, 0),
    }
}
