//! Line numbers of CSV records, whatever the line ends.

use std::io::Read;

/// A reader that notes where the line ends are in the bytes it passes on,
/// so that a record's line can be told from its byte offset.
///
/// Lines are counted as an editor shows them: `\r\n`, a lone `\n` and a
/// lone `\r` (classic Mac OS files) each end a line, so `\n\r` is two line
/// ends. The `csv` crate reads the same three as record terminators, but
/// its own line count is one short after CRLF line ends and ignores lone
/// carriage returns, and counting records instead of lines goes wrong after
/// a blank line or a quoted field holding a line break. Wrap the input in a
/// `LineTracker`, read it with `csv::Reader::from_reader`, and ask
/// [`LineTracker::line_of_record`] (through `reader.get_ref()`) for the line
/// of the byte offset in a record's or an error's `position()`.
///
/// It keeps 24 bytes per run of consecutive line-end bytes read (one run
/// per line, or per group of blank lines).
///
/// # Examples
///
/// ```
/// use std::io::Read;
/// use servops_core::LineTracker;
///
/// let text = "t,v\r\n1,2\r\n\r\nbad,3\r\n";
/// let mut lines = LineTracker::new(text.as_bytes());
/// let mut all = String::new();
/// lines.read_to_string(&mut all)?;
/// // The csv crate starts the record "bad,3" at byte 9, the line feed that
/// // ends line 2 (the carriage return before it ended the record "1,2"); it
/// // is on line 4.
/// assert_eq!(lines.line_of_record(9), 4);
/// assert_eq!(lines.line_of_record(0), 1);
///
/// // Carriage returns alone end lines too.
/// let mut mac = LineTracker::new(&b"t,v\r1,2\r3,4\r"[..]);
/// std::io::copy(&mut mac, &mut std::io::sink())?;
/// assert_eq!(mac.line_of_record(8), 3); // "3,4"
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct LineTracker<R> {
    inner: R,
    read: u64,
    /// Maximal runs of consecutive `\r` and `\n` bytes, in order.
    runs: Vec<Run>,
    /// Whether the last byte read was `\r`.
    last_was_cr: bool,
}

/// A run of consecutive line-end bytes.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Offset of its first byte.
    start: u64,
    /// Offset just past its last byte.
    end: u64,
    /// Line ends from the start of the input to `end`: a `\n` after a `\r`
    /// belongs to the `\r`'s line end.
    ends_through: u64,
}

impl<R> LineTracker<R> {
    /// Wraps `inner`.
    ///
    /// # Examples
    ///
    /// ```
    /// let lines = servops_core::LineTracker::new(&b"a,b\n"[..]);
    /// assert_eq!(lines.line_of_record(0), 1);
    /// ```
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            read: 0,
            runs: Vec::new(),
            last_was_cr: false,
        }
    }

    /// The 1-based line of the record a CSV reader says starts at byte
    /// `offset`: the line ends at and after `offset` (blank lines, and the
    /// line feed of a CRLF whose carriage return ended the record before)
    /// are stepped over, then the line ends before it are counted (`\r\n`,
    /// `\n` and `\r` each end one line). Only the bytes read so far are
    /// known.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Read;
    /// use servops_core::LineTracker;
    ///
    /// let mut lines = LineTracker::new(&b"a\n\n\nb\n"[..]);
    /// std::io::copy(&mut lines, &mut std::io::sink())?;
    /// assert_eq!(lines.line_of_record(2), 4); // "b", after two blank lines
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn line_of_record(&self, offset: u64) -> u64 {
        // Runs are sorted and disjoint: the last one starting at or before
        // `offset` either holds it (step over it) or ends before it.
        let before = self.runs.partition_point(|r| r.start <= offset);
        let ends = before
            .checked_sub(1)
            .and_then(|i| self.runs.get(i))
            .map_or(0, |r| r.ends_through);
        ends.saturating_add(1)
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let seen = buf.get(..n).unwrap_or(&[]);
        for (i, &b) in seen.iter().enumerate() {
            if b != b'\n' && b != b'\r' {
                self.last_was_cr = false;
                continue;
            }
            let at = self.read.saturating_add(i as u64);
            let after = at.saturating_add(1);
            // A `\n` straight after a `\r` ends no further line.
            let ends = u64::from(!(b == b'\n' && self.last_was_cr));
            self.last_was_cr = b == b'\r';
            match self.runs.last_mut() {
                Some(run) if run.end == at => {
                    run.end = after;
                    run.ends_through = run.ends_through.saturating_add(ends);
                }
                last => {
                    let ends_through = last.map_or(0, |r| r.ends_through).saturating_add(ends);
                    self.runs.push(Run {
                        start: at,
                        end: after,
                        ends_through,
                    });
                }
            }
        }
        self.read = self.read.saturating_add(seen.len() as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracked(text: &[u8]) -> LineTracker<&[u8]> {
        let mut t = LineTracker::new(text);
        let mut sink = Vec::new();
        t.read_to_end(&mut sink).unwrap();
        t
    }

    /// Lines counted by hand for LF, CRLF and blank lines.
    #[test]
    fn lines_of_records() {
        let t = tracked(b"h\nx\n\ny\r\nz");
        assert_eq!(t.line_of_record(2), 2); // x
        assert_eq!(t.line_of_record(4), 4); // y, after the blank line 3
        assert_eq!(t.line_of_record(5), 4);
        assert_eq!(t.line_of_record(7), 5); // z: the LF of "y\r\n" is skipped
        assert_eq!(t.line_of_record(8), 5);
    }

    /// A lone carriage return (classic Mac OS) ends a line, in the csv
    /// crate (it ends a record) and in editors; counted by hand.
    #[test]
    fn carriage_returns_alone_end_lines() {
        // t,v CR 1,2 CR CR 3,4 CR
        // 0    4    8  9 10   13
        let t = tracked(b"t,v\r1,2\r\r3,4\r");
        assert_eq!(t.line_of_record(0), 1);
        assert_eq!(t.line_of_record(4), 2); // "1,2"
        // csv puts "3,4" at the CR after "1,2"'s; line 3 is blank.
        assert_eq!(t.line_of_record(8), 4);
        assert_eq!(t.line_of_record(10), 4);
    }

    /// CR, LF and CRLF mixed, a blank line of each kind, LF then CR (two
    /// line ends) and line breaks inside a quoted field; counted by hand.
    #[test]
    fn mixed_line_ends_and_quoted_breaks() {
        // line 1: a      (CRLF)     bytes 0..3
        // line 2: b      (CR)       bytes 3..5
        // line 3: c      (LF)       bytes 5..7
        // line 4: blank  (LF)       byte 7
        // line 5: blank  (CR)       byte 8
        // line 6: blank  (CRLF)     bytes 9..11
        // line 7: d      (LF)       bytes 11..13
        // line 8: blank  (CR)       byte 13
        // line 9: "x     (CR)       bytes 14..17
        // line 10: y     (CRLF)     bytes 17..20
        // line 11: z"    (LF)       bytes 20..23
        // line 12: e                byte 23
        let text = b"a\r\nb\rc\n\n\r\r\nd\n\r\"x\ry\r\nz\"\ne";
        assert_eq!(text.len(), 24);
        let t = tracked(text);
        assert_eq!(t.line_of_record(0), 1);
        assert_eq!(t.line_of_record(2), 2); // the LF of a's CRLF, then b
        assert_eq!(t.line_of_record(3), 2);
        assert_eq!(t.line_of_record(5), 3);
        assert_eq!(t.line_of_record(7), 7); // blank lines 4-6, then d
        assert_eq!(t.line_of_record(11), 7);
        assert_eq!(t.line_of_record(13), 9); // the quoted field
        assert_eq!(t.line_of_record(23), 12);
    }

    /// Hands the bytes on a few at a time, so that a CRLF can be split
    /// between two reads.
    struct Chunked<'a> {
        bytes: &'a [u8],
        sizes: Vec<usize>,
        next: usize,
    }

    impl Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let size = self
                .sizes
                .get(self.next % self.sizes.len())
                .copied()
                .unwrap_or(1);
            self.next += 1;
            let n = size.max(1).min(buf.len()).min(self.bytes.len());
            let (head, tail) = self.bytes.split_at(n);
            buf[..n].copy_from_slice(head);
            self.bytes = tail;
            Ok(n)
        }
    }

    /// The editor's line of byte `x`, straight from the definition: one
    /// more than the `\n` before `x`, plus the `\r` before `x` not followed
    /// by `\n`.
    fn editor_line(text: &[u8], x: usize) -> u64 {
        let before = &text[..x];
        let feeds = before.iter().filter(|&&b| b == b'\n').count();
        let returns = (0..x)
            .filter(|&i| text[i] == b'\r' && text.get(i + 1) != Some(&b'\n'))
            .count();
        1 + (feeds + returns) as u64
    }

    proptest::proptest! {
        /// Every offset a CSV reader can give (a byte that is not a line
        /// end, or a line-end byte before the record) maps to the editor's
        /// line of the first byte at or after it that is not a line end,
        /// however the input is split between reads.
        #[test]
        fn agrees_with_the_editor_line(
            text in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b',', b'"', b'\r', b'\n']), 0..60),
            sizes in proptest::collection::vec(1usize..5, 1..4),
        ) {
            let mut t = LineTracker::new(Chunked { bytes: &text, sizes, next: 0 });
            let mut sink = Vec::new();
            t.read_to_end(&mut sink).unwrap();
            proptest::prop_assert_eq!(&sink, &text);
            for x in 0..text.len() {
                let content = (x..text.len())
                    .find(|&i| text[i] != b'\r' && text[i] != b'\n');
                if let Some(c) = content {
                    proptest::prop_assert_eq!(
                        t.line_of_record(x as u64), editor_line(&text, c), "offset {}", x);
                }
            }
        }
    }
}
