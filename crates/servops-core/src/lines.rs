//! Line numbers of CSV records, whatever the line ends.

use std::io::Read;

/// A reader that notes where the line ends are in the bytes it passes on,
/// so that a record's line can be told from its byte offset.
///
/// The `csv` crate's own line count is one short after CRLF line ends, and
/// counting records instead of lines goes wrong after a blank line or a
/// quoted field holding a line break. Wrap the input in a `LineTracker`,
/// read it with `csv::Reader::from_reader`, and ask
/// [`LineTracker::line_of_record`] (through `reader.get_ref()`) for the line
/// of the byte offset in a record's or an error's `position()`.
///
/// It keeps 8 bytes per line end read.
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
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct LineTracker<R> {
    inner: R,
    read: u64,
    /// Offsets of `\n`.
    feeds: Vec<u64>,
    /// Offsets of `\r`.
    returns: Vec<u64>,
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
            feeds: Vec::new(),
            returns: Vec::new(),
        }
    }

    /// The 1-based line of the record a CSV reader says starts at byte
    /// `offset`: the line ends at and after `offset` (blank lines, and the
    /// line feed of a CRLF whose carriage return ended the record before)
    /// are stepped over, then the line feeds before it are counted. Only
    /// the bytes read so far are known.
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
        let mut at = offset;
        while self.feeds.binary_search(&at).is_ok() || self.returns.binary_search(&at).is_ok() {
            at = at.saturating_add(1);
        }
        1 + self.feeds.partition_point(|&f| f < at) as u64
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let seen = buf.get(..n).unwrap_or(&[]);
        for (i, b) in seen.iter().enumerate() {
            let at = self.read.saturating_add(i as u64);
            match b {
                b'\n' => self.feeds.push(at),
                b'\r' => self.returns.push(at),
                _ => {}
            }
        }
        self.read = self.read.saturating_add(seen.len() as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines counted by hand for LF, CRLF and blank lines.
    #[test]
    fn lines_of_records() {
        let text = b"h\nx\n\ny\r\nz";
        let mut t = LineTracker::new(&text[..]);
        let mut sink = Vec::new();
        t.read_to_end(&mut sink).unwrap();
        assert_eq!(t.line_of_record(2), 2); // x
        assert_eq!(t.line_of_record(4), 4); // y, after the blank line 3
        assert_eq!(t.line_of_record(5), 4);
        assert_eq!(t.line_of_record(7), 5); // z: the LF of "y\r\n" is skipped
        assert_eq!(t.line_of_record(8), 5);
    }
}
