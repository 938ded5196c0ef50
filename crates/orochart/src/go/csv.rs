//! Go's `encoding/csv` reading one record with the default `Reader` (comma `,`, no comment
//! character, strict quotes), as pflag's `stringToString` flags (`--labels`) read their value.

/// The first record of `text`, as Go's `csv.NewReader(strings.NewReader(text)).Read()` gives
/// it: empty lines skipped, `"…"` fields with `""` for a quote and line breaks inside, a
/// `\r\n` read as `\n` (and a final `\r` dropped). An error is Go's text
/// (`parse error on line 1, column 3: bare " in non-quoted-field`, columns 1-based bytes;
/// `EOF` when there is no record).
pub fn read_record(text: &str) -> Result<Vec<String>, String> {
    let mut lines = Lines {
        rest: text.as_bytes(),
        num_line: 0,
    };
    // Skip empty lines.
    let mut line = loop {
        match lines.next() {
            None => return Err("EOF".into()),
            Some(line) if line.len() == length_nl(&line) => continue,
            Some(line) => break line,
        }
    };
    let rec_line = lines.num_line;
    let mut record = Vec::new();
    let mut pos = Position {
        line: lines.num_line,
        col: 1,
    };
    // What is left of `line` starts at byte `p`.
    let mut p = 0;
    'fields: loop {
        if line.get(p) != Some(&b'"') {
            // A field without quotes: up to the next comma (or the line's end).
            let l = &line[p..];
            let comma = l.iter().position(|&c| c == b',');
            let field = match comma {
                Some(i) => &l[..i],
                None => &l[..l.len() - length_nl(l)],
            };
            if let Some(j) = field.iter().position(|&c| c == b'"') {
                return Err(parse_error(
                    rec_line,
                    lines.num_line,
                    pos.col + j,
                    "bare \" in non-quoted-field",
                ));
            }
            record.push(field.to_vec());
            match comma {
                Some(i) => {
                    p += i + 1;
                    pos.col += i + 1;
                    continue 'fields;
                }
                None => break 'fields,
            }
        }
        // A quoted field.
        p += 1;
        pos.col += 1;
        let mut field = Vec::new();
        loop {
            let l = &line[p..];
            if let Some(i) = l.iter().position(|&c| c == b'"') {
                field.extend_from_slice(&l[..i]);
                p += i + 1;
                pos.col += i + 1;
                let l = &line[p..];
                match l.first() {
                    Some(b'"') => {
                        // `""`: a quote.
                        field.push(b'"');
                        p += 1;
                        pos.col += 1;
                    }
                    Some(b',') => {
                        // `",`: the field ends.
                        p += 1;
                        pos.col += 1;
                        record.push(field);
                        continue 'fields;
                    }
                    _ if length_nl(l) == l.len() => {
                        // `"` at the line's end: the record ends.
                        record.push(field);
                        break 'fields;
                    }
                    _ => {
                        return Err(parse_error(
                            rec_line,
                            lines.num_line,
                            pos.col - 1,
                            "extraneous or missing \" in quoted-field",
                        ));
                    }
                }
            } else if !l.is_empty() {
                // The line ends inside the quotes: the field goes on on the next line.
                field.extend_from_slice(l);
                pos.col += l.len();
                line = lines.next().unwrap_or_default();
                p = 0;
                if !line.is_empty() {
                    pos.line += 1;
                    pos.col = 1;
                }
            } else {
                // The text ends inside the quotes.
                return Err(parse_error(
                    rec_line,
                    pos.line,
                    pos.col,
                    "extraneous or missing \" in quoted-field",
                ));
            }
        }
    }
    Ok(record
        .into_iter()
        .map(|f| String::from_utf8_lossy(&f).into_owned())
        .collect())
}

/// Where the reader is: 1-based line and byte column.
struct Position {
    line: usize,
    col: usize,
}

/// Go's `csv.ParseError` text.
fn parse_error(start_line: usize, line: usize, col: usize, what: &str) -> String {
    if start_line != line {
        format!("record on line {start_line}; parse error on line {line}, column {col}: {what}")
    } else {
        format!("parse error on line {line}, column {col}: {what}")
    }
}

/// The number of bytes of a trailing `\n`.
fn length_nl(b: &[u8]) -> usize {
    usize::from(b.last() == Some(&b'\n'))
}

/// Go's `Reader.readLine` over a string.
struct Lines<'a> {
    rest: &'a [u8],
    num_line: usize,
}

impl Lines<'_> {
    /// The next line with its `\n` (`\r\n` read as `\n`; a last line without one loses a
    /// final `\r`), or `None` at the end (which Go counts as a line read too).
    fn next(&mut self) -> Option<Vec<u8>> {
        if self.rest.is_empty() {
            self.num_line += 1;
            return None;
        }
        let end = self
            .rest
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.rest.len(), |i| i + 1);
        let (line, rest) = self.rest.split_at(end);
        self.rest = rest;
        self.num_line += 1;
        let mut line = line.to_vec();
        if line.last() != Some(&b'\n') && line.last() == Some(&b'\r') {
            line.pop();
        }
        let n = line.len();
        if n >= 2 && line[n - 2] == b'\r' && line[n - 1] == b'\n' {
            line[n - 2] = b'\n';
            line.pop();
        }
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Vec<String> {
        read_record(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    #[test]
    fn reads_fields_as_go_does() {
        assert_eq!(ok("a=1,b=2"), ["a=1", "b=2"]);
        assert_eq!(ok("=,="), ["=", "="]);
        assert_eq!(ok(",a=b=c"), ["", "a=b=c"]);
        assert_eq!(ok("\"a=1\",\"b,=2\""), ["a=1", "b,=2"]);
        assert_eq!(ok("\"a\"\"=1\",b"), ["a\"=1", "b"]);
        // Only the first record; empty lines before it are skipped.
        assert_eq!(ok("a=1\nb=2,c=3"), ["a=1"]);
        assert_eq!(ok("\n\r\na=1,b=2"), ["a=1", "b=2"]);
        assert_eq!(ok("a=1,b=2\r"), ["a=1", "b=2"]);
        assert_eq!(ok("a=1,b=2\r\n"), ["a=1", "b=2"]);
        // A quoted field spans lines, its `\r\n` read as `\n`.
        assert_eq!(ok("\"a=1\r\nb=2\",c=3"), ["a=1\nb=2", "c=3"]);
        assert_eq!(ok("\"a=1\n\nb=2\",c=3\nd"), ["a=1\n\nb=2", "c=3"]);
        assert_eq!(read_record(""), Err("EOF".into()));
        assert_eq!(read_record("\n\n"), Err("EOF".into()));
    }

    /// Every message here is what `helm template -l VALUE` printed after
    /// `invalid argument "…" for "-l, --labels" flag: ` (Helm v3.17.2 and v4.3.1).
    #[test]
    fn errors_are_gos_with_byte_columns() {
        let cases = [
            ("a=\"b,c=d", "parse error on line 1, column 3: bare \" in non-quoted-field"),
            ("é=1,a\"=2", "parse error on line 1, column 7: bare \" in non-quoted-field"),
            (
                "éé=1,\"a=2",
                "parse error on line 1, column 12: extraneous or missing \" in quoted-field",
            ),
            (
                "\"a=1,b=2",
                "parse error on line 1, column 9: extraneous or missing \" in quoted-field",
            ),
            (
                "\"a=1\"x,b=2",
                "parse error on line 1, column 5: extraneous or missing \" in quoted-field",
            ),
            ("\"a=1\",b=\"2\"", "parse error on line 1, column 9: bare \" in non-quoted-field"),
            (
                "\"é\n\n\"x=1,b=2",
                "record on line 1; parse error on line 3, column 1: extraneous or missing \" in quoted-field",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(read_record(text), Err(want.to_owned()), "{text:?}");
        }
    }
}
