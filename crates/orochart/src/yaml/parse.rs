//! The YAML 1.1 parser over [`Scanner`]'s tokens: libyaml's state machine as go-yaml v2 runs
//! it (its `parserc.go`), turning tokens into events (documents, collections, scalars,
//! aliases) with their marks, anchors and resolved tags, and its errors into go-yaml's.

use std::borrow::Cow;

use super::scan::{Mark, ScanResult, Scanner, Stage, Style, SyntaxError, Tok};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ev<'a> {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(String),
    Scalar {
        value: Cow<'a, str>,
        style: Style,
        anchor: Option<String>,
        tag: Option<String>,
    },
    SequenceStart {
        anchor: Option<String>,
        tag: Option<String>,
        flow: bool,
    },
    SequenceEnd,
    MappingStart {
        anchor: Option<String>,
        tag: Option<String>,
        flow: bool,
    },
    MappingEnd,
}

#[derive(Debug, Clone)]
pub(crate) struct Event<'a> {
    pub(crate) ev: Ev<'a>,
    /// Where the node starts: its anchor or tag, if any (go-yaml's mark).
    pub(crate) start: Mark,
    pub(crate) end: Mark,
    /// Where the node's own token starts, after its anchor and tag.
    pub(crate) content: Mark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

pub(crate) struct Parser<'a> {
    pub(crate) scanner: Scanner<'a>,
    state: State,
    states: Vec<State>,
    marks: Vec<Mark>,
    tag_directives: Vec<(String, String)>,
}

const DEFAULT_TAGS: [(&str, &str); 2] = [("!", "!"), ("!!", "tag:yaml.org,2002:")];

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str) -> Parser<'a> {
        Parser {
            scanner: Scanner::new(text),
            state: State::StreamStart,
            states: Vec::new(),
            marks: Vec::new(),
            tag_directives: Vec::new(),
        }
    }

    fn error<T>(&self, problem: &str, problem_mark: Mark, context_mark: Mark) -> ScanResult<T> {
        Err(SyntaxError {
            stage: Stage::Parser,
            context_mark,
            problem: problem.to_owned(),
            problem_mark,
        })
    }

    fn peek(&mut self) -> ScanResult<(Tok<'a>, Mark, Mark)> {
        let t = self.scanner.peek()?;
        Ok((t.tok.clone(), t.start, t.end))
    }

    /// The kind of the next token and its marks, without cloning its text.
    fn peek_kind(&mut self) -> ScanResult<(Kind, Mark, Mark)> {
        let t = self.scanner.peek()?;
        Ok((Kind::of(&t.tok), t.start, t.end))
    }

    fn skip(&mut self) {
        self.scanner.skip_token();
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn event(ev: Ev<'a>, start: Mark, end: Mark) -> Event<'a> {
        Event {
            ev,
            start,
            end,
            content: start,
        }
    }

    fn event_at(ev: Ev<'a>, start: Mark, end: Mark, content: Mark) -> Event<'a> {
        Event {
            ev,
            start,
            end,
            content,
        }
    }

    fn empty_scalar(mark: Mark) -> Event<'a> {
        Self::event(
            Ev::Scalar {
                value: Cow::Borrowed(""),
                style: Style::Plain,
                anchor: None,
                tag: None,
            },
            mark,
            mark,
        )
    }

    /// The next event; `None` after the stream's end.
    pub(crate) fn next_event(&mut self) -> ScanResult<Option<Event<'a>>> {
        let ev = match self.state {
            State::End => return Ok(None),
            State::StreamStart => {
                let (_, start, end) = self.peek_kind()?;
                self.state = State::ImplicitDocumentStart;
                self.skip();
                Self::event(Ev::StreamStart, start, end)
            }
            State::ImplicitDocumentStart => self.document_start(true)?,
            State::DocumentStart => self.document_start(false)?,
            State::DocumentContent => {
                let (kind, start, _) = self.peek_kind()?;
                if matches!(
                    kind,
                    Kind::VersionDirective
                        | Kind::TagDirective
                        | Kind::DocumentStart
                        | Kind::DocumentEnd
                        | Kind::StreamEnd
                ) {
                    self.pop_state();
                    Self::empty_scalar(start)
                } else {
                    self.node(true, false)?
                }
            }
            State::DocumentEnd => {
                let (kind, start, mut end) = self.peek_kind()?;
                if kind == Kind::DocumentEnd {
                    self.skip();
                } else {
                    end = start;
                }
                self.tag_directives.clear();
                self.state = State::DocumentStart;
                Self::event(Ev::DocumentEnd, start, end)
            }
            State::BlockNode => self.node(true, false)?,

            State::BlockSequenceFirstEntry => self.block_sequence_entry(true)?,
            State::BlockSequenceEntry => self.block_sequence_entry(false)?,
            State::IndentlessSequenceEntry => self.indentless_sequence_entry()?,
            State::BlockMappingFirstKey => self.block_mapping_key(true)?,
            State::BlockMappingKey => self.block_mapping_key(false)?,
            State::BlockMappingValue => self.block_mapping_value()?,
            State::FlowSequenceFirstEntry => self.flow_sequence_entry(true)?,
            State::FlowSequenceEntry => self.flow_sequence_entry(false)?,
            State::FlowSequenceEntryMappingKey => {
                let (kind, _, end) = self.peek_kind()?;
                if !matches!(kind, Kind::Value | Kind::FlowEntry | Kind::FlowSequenceEnd) {
                    self.states.push(State::FlowSequenceEntryMappingValue);
                    self.node(false, false)?
                } else {
                    self.skip();
                    self.state = State::FlowSequenceEntryMappingValue;
                    Self::empty_scalar(end)
                }
            }
            State::FlowSequenceEntryMappingValue => {
                let (mut kind, mut start, _) = self.peek_kind()?;
                if kind == Kind::Value {
                    self.skip();
                    (kind, start, _) = self.peek_kind()?;
                    if !matches!(kind, Kind::FlowEntry | Kind::FlowSequenceEnd) {
                        self.states.push(State::FlowSequenceEntryMappingEnd);
                        return self.node(false, false).map(Some);
                    }
                }
                self.state = State::FlowSequenceEntryMappingEnd;
                Self::empty_scalar(start)
            }
            State::FlowSequenceEntryMappingEnd => {
                let (_, start, _) = self.peek_kind()?;
                self.state = State::FlowSequenceEntry;
                Self::event(Ev::MappingEnd, start, start)
            }
            State::FlowMappingFirstKey => self.flow_mapping_key(true)?,
            State::FlowMappingKey => self.flow_mapping_key(false)?,
            State::FlowMappingValue => self.flow_mapping_value(false)?,
            State::FlowMappingEmptyValue => self.flow_mapping_value(true)?,
        };
        if ev.ev == Ev::StreamEnd {
            self.state = State::End;
        }
        Ok(Some(ev))
    }

    fn document_start(&mut self, implicit: bool) -> ScanResult<Event<'a>> {
        let (mut kind, mut start, mut end) = self.peek_kind()?;
        if !implicit {
            while kind == Kind::DocumentEnd {
                self.skip();
                (kind, start, end) = self.peek_kind()?;
            }
        }
        if implicit
            && !matches!(
                kind,
                Kind::VersionDirective | Kind::TagDirective | Kind::DocumentStart | Kind::StreamEnd
            )
        {
            self.process_directives()?;
            self.states.push(State::DocumentEnd);
            self.state = State::BlockNode;
            Ok(Self::event(Ev::DocumentStart, start, end))
        } else if kind != Kind::StreamEnd {
            let first = start;
            self.process_directives()?;
            let (kind, start, end) = self.peek_kind()?;
            if kind != Kind::DocumentStart {
                return self.error(
                    "did not find expected <document start>",
                    start,
                    Mark::default(),
                );
            }
            self.states.push(State::DocumentEnd);
            self.state = State::DocumentContent;
            self.skip();
            Ok(Self::event(Ev::DocumentStart, first, end))
        } else {
            self.state = State::End;
            self.skip();
            Ok(Self::event(Ev::StreamEnd, start, end))
        }
    }

    fn process_directives(&mut self) -> ScanResult<()> {
        let mut version = false;
        loop {
            let (tok, start, _) = self.peek()?;
            match tok {
                Tok::VersionDirective(major, minor) => {
                    if version {
                        return self.error(
                            "found duplicate %YAML directive",
                            start,
                            Mark::default(),
                        );
                    }
                    if major != 1 || minor != 1 {
                        return self.error(
                            "found incompatible YAML document",
                            start,
                            Mark::default(),
                        );
                    }
                    version = true;
                }
                Tok::TagDirective(handle, prefix) => {
                    if self.tag_directives.iter().any(|(h, _)| *h == handle) {
                        return self.error(
                            "found duplicate %TAG directive",
                            start,
                            Mark::default(),
                        );
                    }
                    self.tag_directives.push((handle, prefix));
                }
                _ => break,
            }
            self.skip();
        }
        for (handle, prefix) in DEFAULT_TAGS {
            if !self.tag_directives.iter().any(|(h, _)| h == handle) {
                self.tag_directives
                    .push((handle.to_owned(), prefix.to_owned()));
            }
        }
        Ok(())
    }

    fn take(&mut self) -> Option<super::scan::Token<'a>> {
        self.scanner.skip_token()
    }

    fn node(&mut self, block: bool, indentless_sequence: bool) -> ScanResult<Event<'a>> {
        let (mut kind, start, _) = self.peek_kind()?;
        if kind == Kind::Alias {
            self.pop_state();
            let Some(t) = self.take() else {
                return self.error("did not find expected node content", start, start);
            };
            let Tok::Alias(name) = t.tok else {
                return self.error("did not find expected node content", start, start);
            };
            return Ok(Self::event(Ev::Alias(name), t.start, t.end));
        }
        let mut end = start;
        let mut anchor = None;
        let mut tag_token: Option<(String, String, Mark)> = None;
        let mut tok_start = start;
        let tok_end;
        let mut take_anchor = |p: &mut Self, end: &mut Mark| {
            if let Some(t) = p.take() {
                *end = t.end;
                if let Tok::Anchor(name) = t.tok {
                    anchor = Some(name);
                }
            }
        };
        let take_tag = |p: &mut Self, end: &mut Mark| {
            p.take().and_then(|t| {
                *end = t.end;
                match t.tok {
                    Tok::Tag(h, s) => Some((h, s, t.start)),
                    _ => None,
                }
            })
        };
        if kind == Kind::Anchor {
            take_anchor(self, &mut end);
            (kind, tok_start, _) = self.peek_kind()?;
            if kind == Kind::Tag {
                tag_token = take_tag(self, &mut end);
                (kind, tok_start, _) = self.peek_kind()?;
            }
        } else if kind == Kind::Tag {
            tag_token = take_tag(self, &mut end);
            (kind, tok_start, _) = self.peek_kind()?;
            if kind == Kind::Anchor {
                take_anchor(self, &mut end);
                (kind, tok_start, _) = self.peek_kind()?;
            }
        }
        (_, _, tok_end) = self.peek_kind()?;
        let mut tag = None;
        if let Some((handle, suffix, tag_mark)) = tag_token {
            if handle.is_empty() {
                tag = Some(suffix);
            } else {
                match self.tag_directives.iter().find(|(h, _)| *h == handle) {
                    Some((_, prefix)) => tag = Some(format!("{prefix}{suffix}")),
                    None => return self.error("found undefined tag handle", tag_mark, start),
                }
            }
            if tag.as_deref() == Some("") {
                tag = None;
            }
        }
        if indentless_sequence && kind == Kind::BlockEntry {
            self.state = State::IndentlessSequenceEntry;
            return Ok(Self::event_at(
                Ev::SequenceStart {
                    anchor,
                    tag,
                    flow: false,
                },
                start,
                tok_end,
                tok_start,
            ));
        }
        let (state, seq, flow) = match kind {
            Kind::Scalar => {
                self.pop_state();
                let Some(t) = self.take() else {
                    return self.error("did not find expected node content", tok_start, start);
                };
                let Tok::Scalar(value, style) = t.tok else {
                    return self.error("did not find expected node content", tok_start, start);
                };
                return Ok(Self::event_at(
                    Ev::Scalar {
                        value,
                        style,
                        anchor,
                        tag,
                    },
                    start,
                    t.end,
                    t.start,
                ));
            }
            Kind::FlowSequenceStart => (State::FlowSequenceFirstEntry, true, true),
            Kind::FlowMappingStart => (State::FlowMappingFirstKey, false, true),
            Kind::BlockSequenceStart if block => (State::BlockSequenceFirstEntry, true, false),
            Kind::BlockMappingStart if block => (State::BlockMappingFirstKey, false, false),
            _ if anchor.is_some() || tag.is_some() => {
                self.pop_state();
                return Ok(Self::event(
                    Ev::Scalar {
                        value: Cow::Borrowed(""),
                        style: Style::Plain,
                        anchor,
                        tag,
                    },
                    start,
                    end,
                ));
            }
            _ => return self.error("did not find expected node content", tok_start, start),
        };
        self.state = state;
        let ev = if seq {
            Ev::SequenceStart { anchor, tag, flow }
        } else {
            Ev::MappingStart { anchor, tag, flow }
        };
        Ok(Self::event_at(ev, start, tok_end, tok_start))
    }

    fn begin_collection(&mut self) -> ScanResult<()> {
        let (_, start, _) = self.peek_kind()?;
        self.marks.push(start);
        self.skip();
        Ok(())
    }

    fn end_collection(&mut self, ev: Ev<'a>, start: Mark, end: Mark) -> Event<'a> {
        self.pop_state();
        self.marks.pop();
        self.skip();
        Self::event(ev, start, end)
    }

    fn context_error<T>(&mut self, problem: &str, at: Mark) -> ScanResult<T> {
        let context = self.marks.pop().unwrap_or_default();
        self.error(problem, at, context)
    }

    fn block_sequence_entry(&mut self, first: bool) -> ScanResult<Event<'a>> {
        if first {
            self.begin_collection()?;
        }
        let (kind, start, end) = self.peek_kind()?;
        match kind {
            Kind::BlockEntry => {
                self.skip();
                let (kind, _, _) = self.peek_kind()?;
                if !matches!(kind, Kind::BlockEntry | Kind::BlockEnd) {
                    self.states.push(State::BlockSequenceEntry);
                    self.node(true, false)
                } else {
                    self.state = State::BlockSequenceEntry;
                    Ok(Self::empty_scalar(end))
                }
            }
            Kind::BlockEnd => Ok(self.end_collection(Ev::SequenceEnd, start, end)),
            _ => self.context_error("did not find expected '-' indicator", start),
        }
    }

    fn indentless_sequence_entry(&mut self) -> ScanResult<Event<'a>> {
        let (kind, start, end) = self.peek_kind()?;
        if kind == Kind::BlockEntry {
            self.skip();
            let (kind, _, _) = self.peek_kind()?;
            if !matches!(
                kind,
                Kind::BlockEntry | Kind::Key | Kind::Value | Kind::BlockEnd
            ) {
                self.states.push(State::IndentlessSequenceEntry);
                return self.node(true, false);
            }
            self.state = State::IndentlessSequenceEntry;
            return Ok(Self::empty_scalar(end));
        }
        self.pop_state();
        Ok(Self::event(Ev::SequenceEnd, start, start))
    }

    fn block_mapping_key(&mut self, first: bool) -> ScanResult<Event<'a>> {
        if first {
            self.begin_collection()?;
        }
        let (kind, start, end) = self.peek_kind()?;
        match kind {
            Kind::Key => {
                self.skip();
                let (kind, _, _) = self.peek_kind()?;
                if !matches!(kind, Kind::Key | Kind::Value | Kind::BlockEnd) {
                    self.states.push(State::BlockMappingValue);
                    self.node(true, true)
                } else {
                    self.state = State::BlockMappingValue;
                    Ok(Self::empty_scalar(end))
                }
            }
            Kind::BlockEnd => Ok(self.end_collection(Ev::MappingEnd, start, end)),
            _ => self.context_error("did not find expected key", start),
        }
    }

    fn block_mapping_value(&mut self) -> ScanResult<Event<'a>> {
        let (kind, start, end) = self.peek_kind()?;
        if kind == Kind::Value {
            self.skip();
            let (kind, _, _) = self.peek_kind()?;
            if !matches!(kind, Kind::Key | Kind::Value | Kind::BlockEnd) {
                self.states.push(State::BlockMappingKey);
                return self.node(true, true);
            }
            self.state = State::BlockMappingKey;
            return Ok(Self::empty_scalar(end));
        }
        self.state = State::BlockMappingKey;
        Ok(Self::empty_scalar(start))
    }

    fn flow_sequence_entry(&mut self, first: bool) -> ScanResult<Event<'a>> {
        if first {
            self.begin_collection()?;
        }
        let (mut kind, mut start, mut end) = self.peek_kind()?;
        if kind != Kind::FlowSequenceEnd {
            if !first {
                if kind == Kind::FlowEntry {
                    self.skip();
                    (kind, start, end) = self.peek_kind()?;
                } else {
                    return self.context_error("did not find expected ',' or ']'", start);
                }
            }
            if kind == Kind::Key {
                self.state = State::FlowSequenceEntryMappingKey;
                self.skip();
                return Ok(Self::event(
                    Ev::MappingStart {
                        anchor: None,
                        tag: None,
                        flow: true,
                    },
                    start,
                    end,
                ));
            } else if kind != Kind::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntry);
                return self.node(false, false);
            }
        }
        Ok(self.end_collection(Ev::SequenceEnd, start, end))
    }

    fn flow_mapping_key(&mut self, first: bool) -> ScanResult<Event<'a>> {
        if first {
            self.begin_collection()?;
        }
        let (mut kind, mut start, mut end) = self.peek_kind()?;
        if kind != Kind::FlowMappingEnd {
            if !first {
                if kind == Kind::FlowEntry {
                    self.skip();
                    (kind, start, end) = self.peek_kind()?;
                } else {
                    return self.context_error("did not find expected ',' or '}'", start);
                }
            }
            if kind == Kind::Key {
                self.skip();
                let (kind, start, _) = self.peek_kind()?;
                if !matches!(kind, Kind::Value | Kind::FlowEntry | Kind::FlowMappingEnd) {
                    self.states.push(State::FlowMappingValue);
                    return self.node(false, false);
                }
                self.state = State::FlowMappingValue;
                return Ok(Self::empty_scalar(start));
            } else if kind != Kind::FlowMappingEnd {
                self.states.push(State::FlowMappingEmptyValue);
                return self.node(false, false);
            }
        }
        Ok(self.end_collection(Ev::MappingEnd, start, end))
    }

    fn flow_mapping_value(&mut self, empty: bool) -> ScanResult<Event<'a>> {
        let (mut kind, mut start, _) = self.peek_kind()?;
        if empty {
            self.state = State::FlowMappingKey;
            return Ok(Self::empty_scalar(start));
        }
        if kind == Kind::Value {
            self.skip();
            (kind, start, _) = self.peek_kind()?;
            if !matches!(kind, Kind::FlowEntry | Kind::FlowMappingEnd) {
                self.states.push(State::FlowMappingKey);
                return self.node(false, false);
            }
        }
        self.state = State::FlowMappingKey;
        Ok(Self::empty_scalar(start))
    }
}

/// A token's kind without its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar,
}

impl Kind {
    fn of(t: &Tok<'_>) -> Kind {
        match t {
            Tok::StreamStart => Kind::StreamStart,
            Tok::StreamEnd => Kind::StreamEnd,
            Tok::VersionDirective(..) => Kind::VersionDirective,
            Tok::TagDirective(..) => Kind::TagDirective,
            Tok::DocumentStart => Kind::DocumentStart,
            Tok::DocumentEnd => Kind::DocumentEnd,
            Tok::BlockSequenceStart => Kind::BlockSequenceStart,
            Tok::BlockMappingStart => Kind::BlockMappingStart,
            Tok::BlockEnd => Kind::BlockEnd,
            Tok::FlowSequenceStart => Kind::FlowSequenceStart,
            Tok::FlowSequenceEnd => Kind::FlowSequenceEnd,
            Tok::FlowMappingStart => Kind::FlowMappingStart,
            Tok::FlowMappingEnd => Kind::FlowMappingEnd,
            Tok::BlockEntry => Kind::BlockEntry,
            Tok::FlowEntry => Kind::FlowEntry,
            Tok::Key => Kind::Key,
            Tok::Value => Kind::Value,
            Tok::Alias(_) => Kind::Alias,
            Tok::Anchor(_) => Kind::Anchor,
            Tok::Tag(..) => Kind::Tag,
            Tok::Scalar(..) => Kind::Scalar,
        }
    }
}
