//! CSV/TSV: dialect options, sniffing, and the decoded byte stream the reader consumes.

mod blocks;
mod parallel;
mod plain;
mod sniff;
mod source;

use std::io::Read;

use encoding_rs::Encoding;
use serde::{Deserialize, Serialize};

pub use sniff::sniff;
pub(crate) use source::{MAX_RECORD_BYTES, open_csv};

/// User overrides for the CSV dialect; `None` means "sniff it".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CsvOptions {
    /// Field delimiter (one ASCII character).
    pub delimiter: Option<char>,
    /// Quote character (one ASCII character).
    pub quote: Option<char>,
    /// Whether the first row names the columns.
    pub has_header: Option<bool>,
    /// Text encoding label (`utf-8`, `utf-16le`, `utf-16be`, `latin1`, `windows-1252`, ...).
    pub encoding: Option<String>,
    /// Numbers written with a decimal comma (`3,14`).
    pub decimal_comma: Option<bool>,
}

/// The dialect an import used: sniffed, then overridden by [`CsvOptions`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CsvDialect {
    /// Encoding name (WHATWG label, e.g. `UTF-8`, `UTF-16LE`, `windows-1252`).
    pub encoding: String,
    /// Whether the file starts with a byte-order mark.
    pub bom: bool,
    /// Field delimiter.
    pub delimiter: char,
    /// Quote character.
    pub quote: char,
    /// Whether the first row is a header.
    pub has_header: bool,
    /// Whether numbers use a decimal comma.
    pub decimal_comma: bool,
    /// How lines end.
    #[serde(default)]
    pub line_ends: LineEnds,
}

/// How a CSV file's lines end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineEnds {
    /// `\n` or `\r\n`.
    #[default]
    Newline,
    /// A lone `\r` (classic Mac OS, Excel's "CSV (Macintosh)"): each `\r` is read as `\n`.
    CarriageReturn,
}

impl CsvDialect {
    /// The `encoding_rs` encoding for this dialect.
    pub(crate) fn encoding(&self) -> &'static Encoding {
        Encoding::for_label(self.encoding.as_bytes()).unwrap_or(encoding_rs::UTF_8)
    }
}

/// Wraps `input` so it yields UTF-8 without a byte-order mark, lines ending in `\n`. UTF-8
/// input is passed through (BOM skipped); other encodings are transcoded while streaming.
pub(crate) fn utf8_stream<'a>(
    mut input: impl Read + Send + 'a,
    dialect: &CsvDialect,
) -> std::io::Result<Box<dyn Read + Send + 'a>> {
    let encoding = dialect.encoding();
    let utf8: Box<dyn Read + Send + 'a> = if encoding == encoding_rs::UTF_8 {
        if dialect.bom {
            let mut bom = [0u8; 3];
            input.read_exact(&mut bom)?;
        }
        Box::new(input)
    } else {
        Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .build(input),
        )
    };
    Ok(if dialect.line_ends == LineEnds::CarriageReturn {
        Box::new(CrAsLf(utf8))
    } else {
        utf8
    })
}

/// Reads each `\r` as `\n`: blocks are cut at line ends and lines are counted at `\n`, so a
/// file whose lines end in a lone `\r` would otherwise be one record of the whole file.
struct CrAsLf<R>(R);

impl<R: Read> Read for CrAsLf<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        for byte in &mut buf[..n] {
            if *byte == b'\r' {
                *byte = b'\n';
            }
        }
        Ok(n)
    }
}

/// Resolves an encoding label given by a user.
pub(crate) fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().to_ascii_lowercase();
    let label = match label.as_str() {
        "latin1" | "latin-1" | "iso8859-1" => "iso-8859-1",
        "utf16" | "utf-16" => "utf-16le",
        other => other,
    };
    Encoding::for_label(label.as_bytes())
}
