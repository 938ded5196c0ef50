//! A fast reader for the block YAML that values files and rendered manifests are nearly always
//! written in, producing the events orochart's exact YAML 1.1 reader ([`crate::yaml`], go-yaml
//! v2's reading) would produce for the same text.
//!
//! The exact reader spends many instructions per byte; most documents use a small,
//! line-shaped part of YAML: block mappings and lists; scalars that are plain, single-quoted
//! or double-quoted with only the simple escapes (`\"`, `\\`, `\n`, `\t`), on one line or
//! folded over several (plain and quoted ones without escapes); literal block scalars (`|`,
//! `|-`, with or without an indentation indicator); one-line flow sequences of plain words and
//! quoted scalars; the empty `{}` / `[]` (spaces inside allowed); comments. [`events`] reads
//! exactly that part, line by line, and gives up (`None`) on anything else: other flow
//! collections, folded block scalars, other escapes, anchors, aliases, tags, complex keys,
//! directives, document markers, tabs, carriage returns, control characters and an empty
//! document. The caller then uses the exact reader (and the full go-yaml rules), which also
//! reports errors. So the fast reader never decides whether a text is valid YAML: whenever it
//! answers, the exact reader gives the same events (the tests below compare the two on
//! generated documents and every golden file), and the values built from them are the full
//! loader's (`values::tests` compares those).
//!
//! The events carry no positions: callers that need a position (an error, an origin) take the
//! exact path.

use std::borrow::Cow;

use crate::yaml::Style;

/// One event of the document's content; scalars borrow from the text where they can.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ev<'a> {
    Scalar(Cow<'a, str>, Style),
    MapStart,
    MapEnd,
    SeqStart,
    SeqEnd,
}

/// Where the reader puts the events it reads.
pub(crate) trait Sink<'a> {
    /// Takes the next event; `None` stops the reader (and [`read`] answers `None`).
    fn event(&mut self, event: Ev<'a>) -> Option<()>;
}

impl<'a> Sink<'a> for Vec<Ev<'a>> {
    fn event(&mut self, event: Ev<'a>) -> Option<()> {
        self.push(event);
        Some(())
    }
}

/// The content events of `text`, one document (the exact reader would surround them with stream
/// and document start and end), or `None` when `text` is outside the subset described above.
pub(crate) fn events(text: &str) -> Option<Vec<Ev<'_>>> {
    let mut out = Vec::with_capacity(text.len() / 12 + 8);
    read(text, &mut out)?;
    Some(out)
}

/// Reads `text` into `sink` event by event, without collecting them: `None` when `text` is
/// outside the subset or the sink stopped the reader (events already given stay given).
pub(crate) fn read<'a, S: Sink<'a>>(text: &'a str, sink: &mut S) -> Option<()> {
    // No short-circuit, so that the compiler can test many bytes at once.
    let ascii = text.is_ascii()
        && !text.bytes().fold(false, |bad, b| {
            bad | ((b < b' ') & (b != b'\n')) | (b == 0x7F)
        });
    if !ascii && !text.chars().all(allowed) {
        return None;
    }
    let mut r = Reader {
        out: sink,
        stack: Vec::new(),
        started: false,
        pending: None,
    };
    lines(text, &mut r)
}

/// The reader's side of the block structure that [`lines`] walks: a stack of open
/// collections and what to do on each step. The event reader and the manifest head scanner
/// (`manifest::scan`) share the walk, so both read the same structure from the same lines.
pub(crate) trait Blocks<'a> {
    /// The open collection on top of the stack.
    fn top(&self) -> Option<Open>;
    /// Marks the top's key or dash as waiting for its value (or not).
    fn set_pending(&mut self, pending: bool);
    /// Whether the root collection was opened already; sets it.
    fn start(&mut self) -> bool;
    /// Closes the top collection (a waiting key or dash gets null).
    fn close(&mut self) -> Option<()>;
    /// Opens a collection at `indent` as the value of the top's waiting key or dash (or as
    /// the root).
    fn open(&mut self, map: bool, indent: usize, indentless: bool) -> Option<()>;
    /// The top's waiting key or dash gets null: the next entry is its sibling.
    fn no_value(&mut self) -> Option<()>;
    /// `key: …`, an entry of the top collection, a mapping.
    fn map_entry(&mut self, rest: &'a str) -> Option<()>;
    /// A scalar (or empty collection) entry of the top collection, a list.
    fn item(&mut self, value: &'a str) -> Option<()>;
    /// Whether the value of the entry just read may go on over the next lines, which the walk
    /// then skips (see [`Continued`]). Readers that need the value's text take none (the
    /// default).
    fn continued(&mut self) -> Option<Continued> {
        None
    }
    /// The lines the walk skipped after [`continued`](Self::continued) asked it to: the
    /// value's further lines (and blank lines after them), each with its line feed.
    fn taken(&mut self, _lines: &'a str) -> Option<()> {
        Some(())
    }
    /// `{}` or `[]` on the line after a key or dash waiting for its value (as `toYaml` of an
    /// empty map prints under `nindent`), as that value. Readers that do not take it answer
    /// `None` (the default).
    fn pending_empty(&mut self, _value: &'a str) -> Option<()> {
        None
    }
}

/// A value whose lines the walk skips, with the least column they may start at (go-yaml's
/// indentation plus one).
#[derive(Clone, Copy)]
pub(crate) enum Continued {
    /// A block scalar (`key: |-`): its lines.
    Block(usize),
    /// A block scalar with an indentation indicator (`key: |2-`): its lines, which are
    /// indented by this many spaces (blank lines aside).
    Indented(usize),
    /// A plain scalar written on its key's or dash's line: the lines that continue it.
    Plain(usize),
    /// A quoted scalar (this quote) not closed on its key's or dash's line: the lines up to
    /// the one that closes it.
    Quoted(u8),
}

/// Whether `value` opens a scalar in `quote`s that its line does not close (a single-quoted
/// one's `''` is a quote inside it); a double-quoted one only without escapes.
pub(crate) fn opens_quoted_lines(value: &str) -> Option<u8> {
    let quote = *value.as_bytes().first()?;
    if quote != b'\'' && quote != b'"' {
        return None;
    }
    let body = &value.as_bytes()[1..];
    if quote == b'"' {
        return (!body.contains(&b'"') && !body.contains(&b'\\')).then_some(quote);
    }
    closing_quote(body).is_none().then_some(quote)
}

/// Where the single quote that ends a single-quoted scalar is in `bytes` (`''` is a quote
/// inside it).
fn closing_quote(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    loop {
        let i = from + memchr::memchr(b'\'', &bytes[from..])?;
        if bytes.get(i + 1) != Some(&b'\'') {
            return Some(i);
        }
        from = i + 2;
    }
}

/// The first line of `chunk` (without its `\n`) and what follows it, if anything does.
fn split_line(chunk: &str) -> (&str, Option<&str>) {
    match memchr::memchr(b'\n', chunk.as_bytes()) {
        Some(i) => (&chunk[..i], Some(&chunk[i + 1..])),
        None => (chunk, None),
    }
}

/// The lines of a quoted scalar after its first, up to and including the one that closes it
/// (any indentation, as go-yaml reads it), skipped: what follows them, or `None` where
/// go-yaml's reading is not plainly this one (a document marker, an escape, anything but
/// spaces after the closing quote, no closing quote).
fn skip_quoted_lines(mut remaining: Option<&str>, quote: u8) -> Option<Option<&str>> {
    while let Some(chunk) = remaining {
        let (line, next) = split_line(chunk);
        remaining = next;
        if line.starts_with("---") || line.starts_with("...") {
            return None;
        }
        let bytes = line.as_bytes();
        let end = match quote {
            b'"' => {
                let end = memchr::memchr(b'"', bytes);
                if bytes[..end.unwrap_or(bytes.len())].contains(&b'\\') {
                    return None;
                }
                end
            }
            _ => closing_quote(bytes),
        };
        if let Some(end) = end {
            return bytes[end + 1..]
                .iter()
                .all(|&b| b == b' ')
                .then_some(remaining);
        }
    }
    None
}

/// Walks the lines of `text` (checked for characters by the caller) through `b`: `None`
/// when the subset does not take the text or `b` gave up.
pub(crate) fn lines<'a, B: Blocks<'a>>(text: &'a str, b: &mut B) -> Option<()> {
    // memchr finds line ends with vector instructions.
    let mut remaining = Some(text);
    while let Some(chunk) = remaining {
        let (line, next) = split_line(chunk);
        remaining = next;
        let indent = line.bytes().take_while(|&c| c == b' ').count();
        let rest = &line[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if indent == 0 && (rest.starts_with("---") || rest.starts_with("...")) {
            return None;
        }
        block_line(b, indent, rest)?;
        let before = remaining;
        match b.continued() {
            None => continue,
            Some(Continued::Block(floor)) => remaining = skip_block_scalar(remaining, floor)?,
            Some(Continued::Indented(indent)) => {
                remaining = skip_indented_block_scalar(remaining, indent)?;
            }
            Some(Continued::Plain(floor)) => remaining = skip_plain_lines(remaining, floor)?,
            Some(Continued::Quoted(quote)) => remaining = skip_quoted_lines(remaining, quote)?,
        }
        let taken = before.map_or("", |t| &t[..t.len() - remaining.map_or(0, str::len)]);
        b.taken(taken)?;
    }
    if !b.start() {
        return None;
    }
    while b.top().is_some() {
        b.close()?;
    }
    Some(())
}

/// The lines after a block scalar's header (`key: |-`) that belong to it, skipped: what
/// follows them, or `None` where go-yaml's reading is not plainly this one. The scalar's
/// indentation is its first non-blank line's, which must not be below a blank line before it
/// (go-yaml would take the blank line's: the scalar would be empty). Blank lines belong to
/// it; the first line indented less ends it. A first non-blank line below `floor` ends it
/// too: the scalar is only blank lines (an empty `affinity: |` in a values file).
fn skip_block_scalar(mut remaining: Option<&str>, floor: usize) -> Option<Option<&str>> {
    let mut indent = None;
    let mut blank_max = 0;
    while let Some(chunk) = remaining {
        let (line, next) = split_line(chunk);
        let spaces = line.bytes().take_while(|&c| c == b' ').count();
        if spaces < line.len() {
            match indent {
                None if spaces < floor => break,
                None if spaces < blank_max => return None,
                None => indent = Some(spaces),
                Some(i) if spaces < i => break,
                Some(_) => {}
            }
        } else if indent.is_none() {
            blank_max = blank_max.max(spaces);
        }
        remaining = next;
    }
    Some(remaining)
}

/// The lines of a block scalar whose header gives its indentation (`|2-`: the parent
/// collection's column plus 2, as go-yaml reads it), skipped: what follows them, or `None`
/// where go-yaml's reading is not plainly this one (no line at that indentation before a line
/// indented less). Blank lines belong to it; the first line indented less ends it.
fn skip_indented_block_scalar(mut remaining: Option<&str>, indent: usize) -> Option<Option<&str>> {
    let mut text = false;
    while let Some(chunk) = remaining {
        let (line, next) = split_line(chunk);
        let spaces = line.bytes().take_while(|&c| c == b' ').count();
        if spaces < line.len() {
            if spaces < indent {
                if !text {
                    return None;
                }
                break;
            }
            text = true;
        }
        remaining = next;
    }
    text.then_some(remaining)
}

/// The lines that continue a plain scalar (CRD descriptions wrapped at 80 columns), skipped:
/// what follows them, or `None` where go-yaml's reading is not plainly a continuation (a
/// comment, a `: `). Blank lines fold into it; the first line
/// indented less than `floor` ends it.
fn skip_plain_lines(mut remaining: Option<&str>, floor: usize) -> Option<Option<&str>> {
    while let Some(chunk) = remaining {
        let (line, next) = split_line(chunk);
        let spaces = line.bytes().take_while(|&c| c == b' ').count();
        let rest = &line[spaces..];
        if !rest.is_empty() {
            // A comment line ends it (go-yaml's scanner stops at a `#` after a line break).
            if spaces < floor || rest.starts_with('#') {
                break;
            }
            // Inside a plain scalar only a comment, `: ` and a final `:` are not text.
            // (Most lines hold neither `:` nor `#`: one word test settles them.)
            if rest.ends_with(':')
                || (has_colon_or_hash(rest.as_bytes())
                    && (rest.contains(": ") || rest.contains(" #")))
            {
                return None;
            }
        }
        remaining = next;
    }
    Some(remaining)
}

/// One content line: `rest` starts at column `indent`.
fn block_line<'a, B: Blocks<'a>>(b: &mut B, indent: usize, rest: &'a str) -> Option<()> {
    let dash = is_dash(rest);
    while let Some(top) = b.top() {
        if top.indent > indent || (top.indent == indent && top.indentless && !dash) {
            b.close()?;
        } else {
            break;
        }
    }
    let Some(top) = b.top() else {
        if b.start() {
            // Content after the root collection ended.
            return None;
        }
        b.open(!dash, indent, false)?;
        return block_entry(b, indent, rest);
    };
    if indent > top.indent {
        // Only a key or dash waiting for its value may open a nested block.
        if !top.pending {
            return None;
        }
        if empty_flow(rest).is_some() {
            return b.pending_empty(rest);
        }
        b.open(!dash, indent, false)?;
        return block_entry(b, indent, rest);
    }
    if indent < top.indent {
        return None;
    }
    match (top.map, dash) {
        (true, true) => {
            if !top.pending {
                return None;
            }
            b.open(false, indent, true)?;
        }
        (false, false) => return None,
        _ => {
            if top.pending {
                b.set_pending(false);
                b.no_value()?;
            }
        }
    }
    block_entry(b, indent, rest)
}

/// An entry of the collection on top of the stack (whose column is `col`): `- …` for a
/// list, `key: …` for a mapping.
fn block_entry<'a, B: Blocks<'a>>(b: &mut B, col: usize, rest: &'a str) -> Option<()> {
    if b.top()?.map {
        return b.map_entry(rest);
    }
    let after = &rest[1..];
    let Some(value) = value_part(after)? else {
        b.set_pending(true);
        return Some(());
    };
    match split_key(value)? {
        // `- key: value`: a mapping whose keys sit at the first key's column.
        Some(_) => {
            let key_col = col + 1 + (after.len() - value.len());
            b.open(true, key_col, false)?;
            b.map_entry(value)
        }
        None => b.item(value),
    }
}

/// Characters the subset takes: printable ones and the line feed. Tabs, carriage returns, the
/// byte order mark and the line separators YAML readers disagree on are left to the
/// exact path.
fn allowed(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// An open block collection.
#[derive(Clone, Copy)]
pub(crate) struct Open {
    pub(crate) map: bool,
    /// The column of its keys or dashes.
    pub(crate) indent: usize,
    /// A key or dash is waiting for its value (a nested block on a later line, or null).
    pub(crate) pending: bool,
    /// A list at its parent key's own column (`key:\n- a`).
    pub(crate) indentless: bool,
}

struct Reader<'s, 'a, S> {
    out: &'s mut S,
    stack: Vec<Open>,
    started: bool,
    /// A scalar whose first line was just read and that may go on over the next lines.
    pending: Option<Pending<'a>>,
}

/// The first line of a scalar that may take more lines ([`Continued`]).
enum Pending<'a> {
    /// A plain scalar's text.
    Plain(&'a str),
    /// A quoted scalar's text after its opening quote.
    Quoted(u8, &'a str),
    /// A literal block scalar (`|`, or `|-` when `strip`), its indentation given by its
    /// header (`|2-`) or not.
    Literal {
        strip: bool,
        floor: usize,
        indent: Option<usize>,
    },
}

pub(crate) fn is_dash(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

impl<'a, S: Sink<'a>> Blocks<'a> for Reader<'_, 'a, S> {
    fn top(&self) -> Option<Open> {
        self.stack.last().copied()
    }

    fn set_pending(&mut self, pending: bool) {
        if let Some(top) = self.stack.last_mut() {
            top.pending = pending;
        }
    }

    fn start(&mut self) -> bool {
        std::mem::replace(&mut self.started, true)
    }

    fn close(&mut self) -> Option<()> {
        if let Some(top) = self.stack.pop() {
            if top.pending {
                self.out.event(empty())?;
            }
            self.out
                .event(if top.map { Ev::MapEnd } else { Ev::SeqEnd })?;
        }
        Some(())
    }

    fn open(&mut self, map: bool, indent: usize, indentless: bool) -> Option<()> {
        self.set_pending(false);
        self.out
            .event(if map { Ev::MapStart } else { Ev::SeqStart })?;
        self.stack.push(Open {
            map,
            indent,
            pending: false,
            indentless,
        });
        Some(())
    }

    fn no_value(&mut self) -> Option<()> {
        self.out.event(empty())
    }

    fn map_entry(&mut self, rest: &'a str) -> Option<()> {
        if let Some((key, value)) = simple_entry(rest) {
            self.out
                .event(Ev::Scalar(Cow::Borrowed(key), Style::Plain))?;
            return match value {
                None => {
                    self.set_pending(true);
                    Some(())
                }
                Some(text) => {
                    // No comment after it: it may go on over the next lines.
                    self.pending = Some(Pending::Plain(text));
                    Some(())
                }
            };
        }
        let (key, after) = split_key(rest)?.filter(|_| !is_dash(rest))?;
        self.out.event(key)?;
        let Some(value) = value_part(after)? else {
            self.set_pending(true);
            return Some(());
        };
        self.scalar(value)
    }

    fn item(&mut self, value: &'a str) -> Option<()> {
        self.scalar(value)
    }

    fn pending_empty(&mut self, value: &'a str) -> Option<()> {
        self.set_pending(false);
        self.scalar(value)
    }

    fn continued(&mut self) -> Option<Continued> {
        let floor = self.stack.last().map_or(1, |top| top.indent + 1);
        Some(match self.pending.as_ref()? {
            Pending::Plain(_) => Continued::Plain(floor),
            &Pending::Quoted(quote, _) => Continued::Quoted(quote),
            Pending::Literal {
                indent: Some(indent),
                ..
            } => Continued::Indented(*indent),
            Pending::Literal { floor, .. } => Continued::Block(*floor),
        })
    }

    fn taken(&mut self, lines: &'a str) -> Option<()> {
        let event = match self.pending.take()? {
            Pending::Plain(first) => fold_plain(first, lines),
            Pending::Quoted(quote, first) => fold_quoted(quote, first, lines)?,
            Pending::Literal { strip, indent, .. } => literal(strip, lines, indent)?,
        };
        self.out.event(event)
    }
}

impl<'a, S: Sink<'a>> Reader<'_, 'a, S> {
    /// A value that is the rest of the line.
    fn scalar(&mut self, value: &'a str) -> Option<()> {
        if let Some(after) = empty_flow(value) {
            only_comment(after)?;
            let map = value.starts_with('{');
            let (start, end) = if map {
                (Ev::MapStart, Ev::MapEnd)
            } else {
                (Ev::SeqStart, Ev::SeqEnd)
            };
            self.out.event(start)?;
            return self.out.event(end);
        }
        if value.starts_with('[') {
            return self.flow_sequence(value);
        }
        if let Some(quote) = opens_quoted_lines(value) {
            self.pending = Some(Pending::Quoted(quote, &value[1..]));
            return Some(());
        }
        if let Some((strip, increment)) = literal_header(value) {
            let column = self.stack.last().map_or(0, |top| top.indent);
            self.pending = Some(Pending::Literal {
                strip,
                floor: column + 1,
                indent: increment.map(|n| column + n),
            });
            return Some(());
        }
        let event = match quoted(value)? {
            Some((event, after)) => {
                only_comment(after)?;
                event
            }
            None => {
                let event = plain(value)?;
                if let (Ev::Scalar(Cow::Borrowed(text), _), false) = (&event, has_comment(value)) {
                    // No comment after it: it may go on over the next lines.
                    self.pending = Some(Pending::Plain(text));
                    return Some(());
                }
                event
            }
        };
        self.out.event(event)
    }
}

impl<'a, S: Sink<'a>> Reader<'_, 'a, S> {
    /// A flow sequence on one line of plain words and quoted scalars without escapes
    /// (`[a, 'b c', "d"]`), which go-yaml reads as a list of those scalars: in a flow
    /// sequence a plain scalar ends at `,` or `]` (blanks before them dropped) unless it
    /// holds a `:` or `#` (a key, a comment), which the subset leaves out with the other
    /// indicators, nested collections and empty entries.
    fn flow_sequence(&mut self, value: &'a str) -> Option<()> {
        let close = memchr::memchr(b']', value.as_bytes())?;
        only_comment(&value[close + 1..])?;
        let body = &value[1..close];
        let mut items = Vec::new();
        for item in body.split(',') {
            let item = item.trim_matches(' ');
            let b = item.as_bytes();
            let event = match b.first()? {
                &q @ (b'\'' | b'"') => {
                    let text = item.get(1..item.len() - 1)?;
                    if b.len() < 2 || b[b.len() - 1] != q || text.contains(['\'', '"', '\\']) {
                        return None;
                    }
                    let style = if q == b'"' {
                        Style::Double
                    } else {
                        Style::Single
                    };
                    Ev::Scalar(Cow::Borrowed(text), style)
                }
                c if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'/') => {
                    let words = b.iter().all(|&c| {
                        c.is_ascii_alphanumeric()
                            || matches!(
                                c,
                                b' ' | b'_' | b'.' | b'/' | b'-' | b'+' | b'=' | b'@' | b'~'
                            )
                    });
                    if !words {
                        return None;
                    }
                    Ev::Scalar(Cow::Borrowed(item), Style::Plain)
                }
                _ => return None,
            };
            items.push(event);
        }
        self.out.event(Ev::SeqStart)?;
        for event in items {
            self.out.event(event)?;
        }
        self.out.event(Ev::SeqEnd)
    }
}

/// A plain scalar from its first line's text and the lines that the walk took after it
/// ([`skip_plain_lines`]: each non-blank one indented enough, without a comment or a `: `),
/// folded as go-yaml folds them: leading and trailing spaces of each line dropped, one line
/// break a space, `n` breaks with only blank lines between `n - 1` line feeds.
fn fold_plain<'a>(first: &'a str, lines: &'a str) -> Ev<'a> {
    let mut text: Option<String> = None;
    let mut breaks = 1;
    for line in lines.split('\n') {
        let words = line.trim_matches(' ');
        if words.is_empty() {
            breaks += 1;
            continue;
        }
        // Room for every line at once: the text is at most the lines' length longer.
        let text = text.get_or_insert_with(|| {
            let mut text = String::with_capacity(first.len() + lines.len());
            text.push_str(first);
            text
        });
        push_fold(text, breaks);
        text.push_str(words);
        breaks = 1;
    }
    Ev::Scalar(text.map_or(Cow::Borrowed(first), Cow::Owned), Style::Plain)
}

/// What `breaks` line breaks fold to before the next line's text: a space for one, else a
/// line feed for each blank line.
fn push_fold(text: &mut String, breaks: usize) {
    match breaks {
        0 | 1 => text.push(' '),
        n => (1..n).for_each(|_| text.push('\n')),
    }
}

/// A quoted scalar from its first line's text after the quote and the lines the walk took
/// ([`skip_quoted_lines`]: up to the one that closes it, without escapes), folded as go-yaml
/// folds them: blanks around each line break dropped (but those before the closing quote), one
/// break a space, blank lines a line feed each, `''` a quote in a single-quoted one.
fn fold_quoted<'a>(quote: u8, first: &'a str, lines: &'a str) -> Option<Ev<'a>> {
    let unquote = |s: &str, text: &mut String| {
        if quote == b'\'' {
            text.push_str(&s.replace("''", "'"));
        } else {
            text.push_str(s);
        }
    };
    let mut text = String::with_capacity(first.len() + lines.len());
    unquote(first.trim_end_matches(' '), &mut text);
    let mut breaks = 1;
    for line in lines.split('\n') {
        let line = line.trim_start_matches(' ');
        let close = match quote {
            b'"' => memchr::memchr(b'"', line.as_bytes()),
            _ => closing_quote(line.as_bytes()),
        };
        let part = match close {
            Some(end) => &line[..end],
            None => line.trim_end_matches(' '),
        };
        if part.is_empty() && close.is_none() {
            breaks += 1;
            continue;
        }
        push_fold(&mut text, breaks);
        unquote(part, &mut text);
        breaks = 1;
        if close.is_some() {
            let style = if quote == b'"' {
                Style::Double
            } else {
                Style::Single
            };
            return Some(Ev::Scalar(Cow::Owned(text), style));
        }
    }
    None
}

/// `Some((strip, indentation))` for the header of a literal block scalar the subset takes:
/// `|` (clip) or `|-` (strip), with an indentation indicator (`|2`, `|2-`, `|-2`: that many
/// columns beyond the parent collection's) or not, and nothing after it but spaces.
fn literal_header(value: &str) -> Option<(bool, Option<usize>)> {
    let header = value.trim_end_matches(' ').strip_prefix('|')?.as_bytes();
    let digit = |c: u8| (b'1'..=b'9').contains(&c).then(|| usize::from(c - b'0'));
    match *header {
        [] => Some((false, None)),
        [b'-'] => Some((true, None)),
        [c] => Some((false, Some(digit(c)?))),
        [c, b'-'] | [b'-', c] => Some((true, Some(digit(c)?))),
        _ => None,
    }
}

/// A literal block scalar from the lines the walk took ([`skip_block_scalar`],
/// [`skip_indented_block_scalar`]): each line without the indentation (the header's, else the
/// first non-blank line's), with its line feed; trailing blank lines dropped and, with
/// `strip`, the last line feed; empty when there is no text line (only blank lines, the
/// indentation not given). `None` where go-yaml's reading is not plainly that: a blank line
/// with spaces beyond the indentation (text to go-yaml), the text ending without a line feed.
fn literal(strip: bool, lines: &str, indent: Option<usize>) -> Option<Ev<'_>> {
    let Some(first) = lines.split('\n').find(|l| l.bytes().any(|b| b != b' ')) else {
        // go-yaml's scalar of blank lines: their breaks are trailing ones, which clipping and
        // stripping drop.
        return indent
            .is_none()
            .then_some(Ev::Scalar(Cow::Borrowed(""), Style::Literal));
    };
    let first = first.bytes().take_while(|&b| b == b' ').count();
    let indent = indent.unwrap_or(first);
    let mut text = String::with_capacity(lines.len());
    let mut kept = 0;
    let mut rest = lines;
    while let Some(i) = memchr::memchr(b'\n', rest.as_bytes()) {
        let line = &rest[..i];
        rest = &rest[i + 1..];
        if line.bytes().all(|b| b == b' ') {
            if line.len() > indent {
                return None;
            }
        } else {
            text.push_str(line.get(indent..)?);
            kept = text.len() + 1;
        }
        text.push('\n');
    }
    if rest.len() > indent || rest.bytes().any(|b| b != b' ') {
        return None;
    }
    text.truncate(if strip { kept.saturating_sub(1) } else { kept });
    Some(Ev::Scalar(Cow::Owned(text), Style::Literal))
}

/// What follows a key's colon or a list's dash: `Some(None)` when no value follows on the line
/// (only spaces or a comment: a nested block or null comes next), `None` for a nested `- `
/// (the subset does not take it), else the value's text.
pub(crate) fn value_part(after: &str) -> Option<Option<&str>> {
    let value = after.trim_start_matches(' ');
    if value.is_empty() || value.starts_with('#') {
        return Some(None);
    }
    if is_dash(value) {
        return None;
    }
    Some(Some(value))
}

/// What follows an empty flow collection (`{}`, `[]`, or with spaces inside: `{ }`, `[  ]`)
/// at the start of `value`; `None` when `value` does not start with one.
fn empty_flow(value: &str) -> Option<&str> {
    let close = match value.as_bytes().first()? {
        b'{' => '}',
        b'[' => ']',
        _ => return None,
    };
    value[1..].trim_start_matches(' ').strip_prefix(close)
}

fn empty<'a>() -> Ev<'a> {
    Ev::Scalar(Cow::Borrowed(""), Style::Plain)
}

/// `Some` if `after` (what follows a scalar on its line) is blank or a comment.
pub(crate) fn only_comment(after: &str) -> Option<()> {
    let trimmed = after.trim_start_matches(' ');
    (trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < after.len())).then_some(())
}

/// A plain scalar: the line up to a ` #` comment, trailing spaces removed; `None` if it holds
/// `: ` or ends with `:` (a mapping where none may start) or does not start as a plain scalar.
pub(crate) fn plain(value: &str) -> Option<Ev<'_>> {
    let bytes = value.as_bytes();
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'#' if i > 0 && bytes[i - 1] == b' ' => {
                end = i;
                break;
            }
            b':' if bytes.get(i + 1).is_none_or(|&n| n == b' ') => return None,
            _ => {}
        }
    }
    let text = value[..end].trim_end_matches(' ');
    if !plain_ok(text) || text.ends_with(':') {
        return None;
    }
    Some(Ev::Scalar(Cow::Borrowed(text), Style::Plain))
}

/// Whether a plain scalar's text is one the subset takes: not empty, not starting with an
/// indicator (`-` only when followed by a non-space, as in `-1` or `--flag`).
fn plain_ok(text: &str) -> bool {
    let b = text.as_bytes();
    match b.first() {
        None => false,
        Some(b'-') => b.get(1).is_some_and(|&c| c != b' '),
        Some(&c) => !crate::yaml::is_indicator(c),
    }
}

/// A scalar's event and the rest of its line; `Some(None)` for "not this shape", `None` for
/// "not in the subset".
pub(crate) type Split<'a> = Option<Option<(Ev<'a>, &'a str)>>;

/// A quoted scalar at the start of `value` and what follows it on the line; `Some(None)` when
/// `value` does not start with a quote, `None` for one the subset does not take (an escape
/// other than [`simple_escape`]'s, a closing quote on a later line).
pub(crate) fn quoted(value: &str) -> Split<'_> {
    if let Some(body) = value.strip_prefix('"') {
        let bytes = body.as_bytes();
        let end = memchr::memchr2(b'"', b'\\', bytes)?;
        if bytes[end] == b'"' {
            return Some(Some((
                Ev::Scalar(Cow::Borrowed(&body[..end]), Style::Double),
                &body[end + 1..],
            )));
        }
        // Escapes: the text needs a copy.
        let mut text = String::with_capacity(body.len());
        let mut from = 0;
        let mut at = end;
        loop {
            text.push_str(&body[from..at]);
            if bytes[at] == b'"' {
                return Some(Some((
                    Ev::Scalar(Cow::Owned(text), Style::Double),
                    &body[at + 1..],
                )));
            }
            text.push(simple_escape(*bytes.get(at + 1)?)?);
            from = at + 2;
            at = from + memchr::memchr2(b'"', b'\\', &bytes[from..])?;
        }
    }
    if let Some(body) = value.strip_prefix('\'') {
        let end = body.find('\'')?;
        if !body[end + 1..].starts_with('\'') {
            return Some(Some((
                Ev::Scalar(Cow::Borrowed(&body[..end]), Style::Single),
                &body[end + 1..],
            )));
        }
        // `''` is an escaped quote: the text needs a copy.
        let mut text = String::new();
        let mut rest = body;
        loop {
            let end = rest.find('\'')?;
            text.push_str(&rest[..end]);
            rest = &rest[end + 1..];
            match rest.strip_prefix('\'') {
                Some(more) => {
                    text.push('\'');
                    rest = more;
                }
                None => break,
            }
        }
        return Some(Some((Ev::Scalar(Cow::Owned(text), Style::Single), rest)));
    }
    Some(None)
}

/// The character a double-quoted scalar's escape `\c` stands for, for the escapes values
/// files use (`\"`, `\\`, `\n`, `\t`); `None` for the others (`\x41`, `\u00e9`, an escaped
/// line break, …), which the exact reader reads or refuses (`\/` is YAML 1.2's).
fn simple_escape(c: u8) -> Option<char> {
    Some(match c {
        b'"' => '"',
        b'\\' => '\\',
        b'n' => '\n',
        b't' => '\t',
        _ => return None,
    })
}

/// The usual manifest line, `key: value`, read in one pass: the key of letters, digits and
/// `_ . / -` (starting with a letter), the value empty, a comment, or a plain scalar that
/// starts with a letter or digit and holds no `:`, `#` or trailing space. Such a line reads as
/// the key and the value's text (`None` for no value), exactly as [`split_key`] and [`plain`]
/// read it. `None` for any other line: those functions decide it.
pub(crate) fn simple_entry(rest: &str) -> Option<(&str, Option<&str>)> {
    let b = rest.as_bytes();
    if !b.first()?.is_ascii_alphabetic() {
        return None;
    }
    let mut colon = 1;
    while colon < b.len() && KEY_BYTE[b[colon] as usize] {
        colon += 1;
    }
    if b.get(colon) != Some(&b':') || colon > 1024 {
        return None;
    }
    let key = &rest[..colon];
    let after = &b[colon + 1..];
    let spaces = after.iter().take_while(|&&c| c == b' ').count();
    if spaces == 0 && !after.is_empty() {
        return None; // `a:b`: not a key here
    }
    let value = &after[spaces..];
    match value.first() {
        None | Some(b'#') => return Some((key, None)),
        Some(c) if c.is_ascii_alphanumeric() => {}
        Some(_) => return None,
    }
    if has_colon_or_hash(value) || value.last() == Some(&b' ') {
        return None;
    }
    Some((key, Some(&rest[rest.len() - value.len()..])))
}

/// The bytes [`simple_entry`] takes in a key: letters, digits, `_ . / -`.
static KEY_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'/' | b'-');
        c += 1;
    }
    table
};

/// Whether `bytes` holds a `:` or a `#`, eight bytes at a time (a byte equal to `c` is a zero
/// byte of `word ^ c…c`, and `(x - 0x01…01) & !x & 0x80…80` is non-zero exactly when `x` has
/// a zero byte).
fn has_colon_or_hash(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has = |word: u64, c: u8| {
        let x = word ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    };
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        if has(word, b':') | has(word, b'#') {
            return true;
        }
    }
    chunks.remainder().iter().any(|&c| c == b':' || c == b'#')
}

/// Whether `value` holds ` #` (a comment after a scalar), found by looking for `#` first.
pub(crate) fn has_comment(value: &str) -> bool {
    memchr::memchr(b'#', value.as_bytes()).is_some() && value.contains(" #")
}

/// Splits `key: rest` into the key's event and what follows the colon; `Some(None)` when the
/// line holds no key (a lone scalar), `None` when the subset does not take it.
pub(crate) fn split_key(line: &str) -> Split<'_> {
    if let Some((event, after)) = quoted(line)? {
        let after_spaces = after.trim_start_matches(' ');
        return Some(match after_spaces.strip_prefix(':') {
            Some(rest) if rest.is_empty() || rest.starts_with(' ') => Some((event, rest)),
            _ => None,
        });
    }
    // The first `: ` (or a final `:`) ends the key, unless a comment starts before it.
    let bytes = line.as_bytes();
    let mut from = 0;
    let colon = loop {
        let Some(i) = memchr::memchr2(b':', b'#', &bytes[from..]).map(|i| from + i) else {
            return Some(None);
        };
        if bytes[i] == b'#' {
            if i > 0 && bytes[i - 1] == b' ' {
                // A comment starts before any colon: no key on this line.
                return Some(None);
            }
        } else if bytes.get(i + 1).is_none_or(|&n| n == b' ') {
            break i;
        }
        from = i + 1;
    };
    let key = line[..colon].trim_end_matches(' ');
    if !plain_ok(key) || key.len() > 1024 {
        return None;
    }
    Some(Some((
        Ev::Scalar(Cow::Borrowed(key), Style::Plain),
        &line[colon + 1..],
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testgen::{block_yaml, Rng};
    use crate::yaml::events::{Event, Parser};

    /// The content events of orochart's exact YAML 1.1 parser (go-yaml's reading) for `text`,
    /// as the fast reader's events: `None` on a parse error, a second document, or an anchor,
    /// alias or tag (which the fast reader never produces, so that any of them fails the
    /// comparison).
    fn reference(text: &str) -> Option<Vec<Ev<'static>>> {
        let mut parser = Parser::new(text);
        let mut out = Vec::new();
        let mut documents = 0;
        while let Some(event) = parser.next_event().ok()? {
            out.push(match event.ev {
                Event::StreamStart | Event::DocumentEnd => continue,
                Event::StreamEnd => break,
                Event::DocumentStart => {
                    documents += 1;
                    if documents > 1 {
                        return None;
                    }
                    continue;
                }
                Event::Scalar {
                    value,
                    style,
                    anchor: None,
                    tag: None,
                } => Ev::Scalar(Cow::Owned(value.into_owned()), style),
                Event::MappingStart {
                    anchor: None,
                    tag: None,
                    flow: _,
                } => Ev::MapStart,
                Event::SequenceStart {
                    anchor: None,
                    tag: None,
                    flow: _,
                } => Ev::SeqStart,
                Event::MappingEnd => Ev::MapEnd,
                Event::SequenceEnd => Ev::SeqEnd,
                Event::Alias(_)
                | Event::Scalar { .. }
                | Event::MappingStart { .. }
                | Event::SequenceStart { .. } => return None,
            });
        }
        Some(out)
    }

    fn assert_agrees(text: &str) -> bool {
        let Some(fast) = events(text) else {
            return false;
        };
        match reference(text) {
            Some(exact) => assert_eq!(fast, exact, "events differ for {text:?}"),
            None => panic!("fast reader accepted what the exact reader rejects: {text:?}"),
        }
        true
    }

    #[test]
    fn finds_colons_and_hashes_in_any_position() {
        for len in 0..20 {
            for at in 0..len {
                for c in [b':', b'#'] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = c;
                    assert!(super::has_colon_or_hash(&bytes), "{len} {at} {c}");
                }
            }
            // Bytes next to them (`9 ; " $`, the high bit) are not them.
            let others: Vec<u8> = (0..len)
                .map(|i| [b'9', b';', b'"', b'$', 0xBA][i % 5])
                .collect();
            assert!(!super::has_colon_or_hash(&others), "{len}");
        }
    }

    #[test]
    fn takes_the_usual_shapes() {
        let text = "# c\na: 1\nb:\n  c: \"x y\" # z\n  d: 'it''s'\ne:\n- f\n- g: h\n  i: []\n-\n  - j\nk: {}\nl:\n";
        assert!(assert_agrees(text));
        // Escapes, spaced empty collections, an empty collection on the line after its key
        // (helm-docs' `# -- …` style).
        let text = "a: \"{{ x \\\"y\\\" }} \\\\ \\n\"\nb: [ ]\nc: { } # z\nd:\n  {}\n  # e: f\ng:\n- \n  [ ]\n";
        assert!(assert_agrees(text));
    }

    #[test]
    fn leaves_everything_else_to_the_exact_reader() {
        for text in [
            "",
            "# only a comment\n",
            "a: [1, {b: c}]\n",
            "a: [1, ]\n",
            "a: [b: c]\n",
            "a: [x # y]\n",
            "a: [1,\n  2]\n",
            "a: ['it''s']\n",
            "a: [\"x\\ty\"]\n",
            "a: [-1]\n",
            "a: [x] y\n",
            "a: \"x\\x41\"\n",
            "a: \"x\\/\"\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "---\na: 1\n",
            "a: 1\n---\nb: 2\n",
            "a:\tb\n",
            "a: b\r\n",
            "? a\n: b\n",
            "- - a\n",
            "a: b: c\n",
            "a: >\n  x\n",
            "a: |+\n  x\n",
            "a: |\n  x\n   \n  y\n",
            "a: |2\n\nb: 1\n",
            "a: |\n  x\n    \n   y\n",
            "a: |2\n     \n  x\n",
            "a: |0\n  x\n",
            "a: |22\n  x\n",
            "a: |2 # c\n  x\n",
            "a: b\n  c: d\n",
            "a: b\n  # c\n  d\n",
            "a: x\n  y\n # z\n   w\n",
            "scalar\n",
            "a: 1\n b: 2\n",
        ] {
            assert!(events(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn takes_scalars_over_several_lines_as_the_exact_reader_folds_them() {
        for text in [
            "a: b\n  c\n",
            "a: b  \n   c  d  \n\n  e\n\n\n  f\ng: h\n",
            "- b\n c\n- d\n",
            "a:\n- b\n  - c\n",
            "a: 'x  \n  y ''q''\n\n  z  '\nb: 1\n",
            "a: \"x\n  y\"\n",
            "a: \"x\n  \"\n",
            "a: '\n  x'\n",
            "a: |\n  x\n",
            "a: |-\n  x\n\n    y\n  z\n\n\nb: 1\n",
            "a:\n  b: |\n\n    x\n  c: 1\n",
            "- |\n  x\n- y\n",
            "a: [1, 2, _x, .5, /p]\n",
            "a: [x  y , 'p q',\"r\", 1.5, true ]  # c\nb:\n- [a]\n",
            "- [a, b]\n- [c]\n",
            "a: null\n  # - b\n  #   c: d\n\ne: f\n",
            "a: x\n  y\n # z\nb: |\n  w\n",
            // An indentation indicator counts from the parent collection's column.
            "a:\n  b: |2-\n\n\n    Valid: x, y\n  c: 1\n",
            "a: |1\n   x\n  y\n\nb: |-2\n   z\n",
            "a:\n- |2\n\n   x\n- k: |1-\n     v\n  l: w\n",
            // Only blank lines: an empty scalar.
            "a:\n  b: |\n\n  # c\n  c: []\nd: |-\n      \n\ne: |\n",
            "- |\n- x\n",
        ] {
            assert!(assert_agrees(text), "{text:?}");
        }
    }

    #[test]
    fn agrees_with_the_exact_reader_on_generated_documents() {
        let mut rng = Rng(0xB10C);
        let mut taken = 0;
        for _ in 0..20_000 {
            let text = block_yaml(&mut rng, 4);
            taken += usize::from(assert_agrees(&text));
        }
        // The fast reader must take a good share, or it is not worth having.
        assert!(taken > 3_000, "only {taken} documents taken");
    }

    #[test]
    fn agrees_with_the_exact_reader_on_every_golden_manifest_and_values_file() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden");
        let mut taken = 0;
        let mut files = 0;
        for suite in ["orofi-application", "orofi-application-gotpl"] {
            let Ok(cases) = std::fs::read_dir(root.join(suite)) else {
                continue;
            };
            for case in cases.flatten() {
                for name in ["values.yaml", "expected.yaml"] {
                    let Ok(text) = std::fs::read_to_string(case.path().join(name)) else {
                        continue;
                    };
                    files += 1;
                    for doc in text.split("\n---\n") {
                        taken += usize::from(assert_agrees(doc));
                    }
                }
            }
        }
        assert!(
            files > 50 && taken > 300,
            "{files} files, {taken} documents taken"
        );
    }
}
