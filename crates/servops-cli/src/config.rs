//! Settings from a TOML file, used where a flag was not given.
//!
//! The file has one table per subcommand whose keys are the long flag names,
//! for example
//!
//! ```toml
//! [erlang]
//! aht = "240s"
//! sl = "80%"
//! within = "20s"
//! ```
//!
//! A relative path in the file (`roster`, `report`, `templates`,
//! `special-days`) is relative to the directory of the file, so a
//! configuration can sit beside its data and be used from anywhere; a
//! relative path flag on the command line stays relative to the working
//! directory.
//!
//! A flag given on the command line wins over its key, and a key over the
//! default. Switches are `true` or `false`; one set true in the file is
//! turned off by its `--no-` flag (`--no-aht` for `aht = true`), the last
//! of `--FOO` and `--no-FOO` given counting (see [`Section::switch`]).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::CliError;
use crate::parse;

/// A TOML error at the line and column of its span in `text` (without a
/// span, at the file).
pub fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> CliError {
    match e.span().filter(|span| text.get(..span.start).is_some()) {
        Some(span) => {
            let (line, column) = line_and_column(text, span.start);
            CliError::input(path, line, column, e.message())
        }
        None => CliError::Config {
            path: path.to_path_buf(),
            message: e.message().to_string(),
        },
    }
}

/// The line and column (1-based) of byte `offset` of `text`.
pub fn line_and_column(text: &str, offset: usize) -> (u64, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The tables a configuration file may hold: one per subcommand.
pub const SECTIONS: [&str; 11] = [
    "erlang",
    "staff",
    "forecast",
    "schedule",
    "kpi",
    "spc",
    "plan",
    "cost-invest",
    "cost-headcount",
    "cost-per-contact",
    "cost-deflection",
];

/// One subcommand's table of a configuration file (empty without a file).
/// It notes the keys the subcommand asks for, so that a key none asked for
/// (a typo, or a flag with no setting) is refused rather than ignored.
#[derive(Debug, Default)]
pub struct Section {
    path: PathBuf,
    text: String,
    name: String,
    table: toml::Table,
    asked: RefCell<BTreeSet<String>>,
}

impl Section {
    /// Reads `path` and takes its `[name]` table; no path gives an empty section.
    pub fn load(path: Option<&Path>, name: &str) -> Result<Section, CliError> {
        let Some(path) = path else {
            return Ok(Section::default());
        };
        let text = std::fs::read_to_string(path).map_err(|source| CliError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut all: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| toml_error(path, &text, &e))?;
        if let Some(other) = all.keys().find(|k| !SECTIONS.contains(&k.as_str())) {
            return Err(CliError::Config {
                path: path.to_path_buf(),
                message: format!(
                    "`{other}` is not a command's table (tables: {})",
                    SECTIONS.join(", ")
                ),
            });
        }
        let table = match all.remove(name) {
            None => toml::Table::new(),
            Some(toml::Value::Table(t)) => t,
            Some(_) => {
                return Err(CliError::Config {
                    path: path.to_path_buf(),
                    message: format!("`{name}` must be a table ([{name}])"),
                });
            }
        };
        Ok(Section {
            path: path.to_path_buf(),
            text,
            name: name.to_string(),
            table,
            asked: RefCell::new(BTreeSet::new()),
        })
    }

    /// The value of `key`, noting that it was asked for.
    fn get(&self, key: &str) -> Option<&toml::Value> {
        self.asked.borrow_mut().insert(key.to_string());
        self.table.get(key)
    }

    /// Notes that the subcommand knows `key` without reading it (a flag
    /// given on the command line overrides it).
    pub fn known(&self, key: &str) {
        self.asked.borrow_mut().insert(key.to_string());
    }

    /// A configuration error for the first key in the table that the
    /// subcommand never asked for.
    pub fn check_all_known(&self) -> Result<(), CliError> {
        let asked = self.asked.borrow();
        match self.table.keys().find(|k| !asked.contains(k.as_str())) {
            None => Ok(()),
            Some(key) => Err(CliError::Config {
                path: self.path.clone(),
                message: format!(
                    "[{}] has no setting `{key}` (settings: {})",
                    self.name,
                    asked.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            }),
        }
    }

    /// An error about the value of `key`, at the line and column of the
    /// value.
    pub fn bad(&self, key: &str, what: &str) -> CliError {
        let message = format!("`{key}` {what}");
        type Spans = std::collections::BTreeMap<
            String,
            std::collections::BTreeMap<String, toml::Spanned<toml::Value>>,
        >;
        let span = toml::from_str::<Spans>(&self.text)
            .ok()
            .and_then(|all| Some(all.get(&self.name)?.get(key)?.span()));
        match span {
            Some(span) => {
                let (line, column) = line_and_column(&self.text, span.start);
                CliError::input(&self.path, line, column, message)
            }
            None => CliError::Config {
                path: self.path.clone(),
                message,
            },
        }
    }

    /// A number (integer or float).
    pub fn f64(&self, key: &str) -> Result<Option<f64>, CliError> {
        match self.get(key) {
            None => Ok(None),
            Some(toml::Value::Float(f)) => Ok(Some(*f)),
            Some(toml::Value::Integer(i)) => Ok(Some(*i as f64)),
            Some(_) => Err(self.bad(key, "must be a number")),
        }
    }

    /// A string.
    pub fn string(&self, key: &str) -> Result<Option<String>, CliError> {
        match self.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.bad(key, "must be a string")),
        }
    }

    /// An IANA time-zone name.
    pub fn time_zone(&self, key: &str) -> Result<Option<String>, CliError> {
        let name = self.string(key)?;
        if let Some(n) = &name
            && crate::staff::time_zone(Some(n)).is_err()
        {
            return Err(self.bad(
                key,
                &format!("`{n}` is not a time zone (use an IANA name such as Europe/London)"),
            ));
        }
        Ok(name)
    }

    /// A duration: a string such as `"20s"` or a number of seconds.
    pub fn duration(&self, key: &str) -> Result<Option<Duration>, CliError> {
        match self.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => parse::duration(s)
                .map(Some)
                .map_err(|m| self.bad(key, &format!("is not valid: {m}"))),
            Some(toml::Value::Integer(_) | toml::Value::Float(_)) => {
                let secs = self.f64(key)?.unwrap_or(0.0);
                parse::duration(&secs.to_string())
                    .map(Some)
                    .map_err(|m| self.bad(key, &format!("is not valid: {m}")))
            }
            Some(_) => Err(self.bad(key, "must be a duration such as \"20s\"")),
        }
    }

    /// A value of `key` given as a string, read by `parse` (the flag's own
    /// parser); a refused value names the key at its line and column.
    pub fn parsed<T>(
        &self,
        key: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, CliError> {
        match self.string(key)? {
            None => Ok(None),
            Some(s) => parse(&s)
                .map(Some)
                .map_err(|m| self.bad(key, &format!("is not valid: {m}"))),
        }
    }

    /// A string setting for a flag that was not given: `flag` when it was,
    /// else the setting (noting the key either way).
    pub fn or_string(&self, flag: Option<String>, key: &str) -> Result<Option<String>, CliError> {
        match flag {
            Some(f) => {
                self.known(key);
                Ok(Some(f))
            }
            None => self.string(key),
        }
    }

    /// A path (a string). A relative one is relative to the directory of
    /// the configuration file, not to the working directory (a path flag
    /// on the command line stays relative to the working directory).
    pub fn path(&self, key: &str) -> Result<Option<PathBuf>, CliError> {
        Ok(self.string(key)?.map(|s| self.beside_file(Path::new(&s))))
    }

    /// `path` read from the configuration file's directory: absolute paths
    /// as they are, relative ones joined to the file's directory (itself
    /// as given, so relative to the working directory for a relative
    /// `--config`).
    fn beside_file(&self, path: &Path) -> PathBuf {
        match self.path.parent() {
            Some(dir) if path.is_relative() => dir.join(path),
            _ => path.to_path_buf(),
        }
    }

    /// A switch: `true` or `false`.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, CliError> {
        match self.get(key) {
            None => Ok(None),
            Some(toml::Value::Boolean(b)) => Ok(Some(*b)),
            Some(_) => Err(self.bad(key, "must be true or false")),
        }
    }

    /// A switch in effect: on with `--FOO` (`on`), off with `--no-FOO`
    /// (`off`; clap keeps only the last of the two given), else the
    /// setting `key`, else off. The command line wins over the file in
    /// both directions.
    pub fn switch(&self, on: bool, off: bool, key: &str) -> Result<bool, CliError> {
        // Read (and so checked) even when a flag overrides it.
        let setting = self.bool(key)?;
        Ok(if on || off {
            on
        } else {
            setting.unwrap_or(false)
        })
    }

    /// A whole number >= 0.
    pub fn count(&self, key: &str) -> Result<Option<usize>, CliError> {
        match self.get(key) {
            None => Ok(None),
            Some(toml::Value::Integer(i)) => usize::try_from(*i)
                .map(Some)
                .map_err(|_| self.bad(key, "must be a whole number >= 0")),
            Some(_) => Err(self.bad(key, "must be a whole number >= 0")),
        }
    }

    /// A list: a TOML array, each item a string or a number (as written),
    /// or one string of comma-separated items, as the flag takes them.
    pub fn list(&self, key: &str) -> Result<Option<Vec<String>>, CliError> {
        let item = |v: &toml::Value| match v {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Integer(i) => Some(i.to_string()),
            toml::Value::Float(f) => Some(f.to_string()),
            _ => None,
        };
        match self.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => {
                Ok(Some(s.split(',').map(|x| x.trim().to_string()).collect()))
            }
            Some(toml::Value::Array(a)) => a
                .iter()
                .map(item)
                .collect::<Option<Vec<_>>>()
                .map(Some)
                .ok_or_else(|| self.bad(key, "must be an array of strings or numbers")),
            Some(_) => Err(self.bad(key, "must be an array such as [\"a\", \"b\"]")),
        }
    }

    /// A list of values of `key` (see [`Section::list`]), each read by the
    /// flag's parser.
    pub fn parsed_list<T>(
        &self,
        key: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<Vec<T>>, CliError> {
        match self.list(key)? {
            None => Ok(None),
            Some(items) => items
                .iter()
                .map(|s| {
                    parse(s).map_err(|m| self.bad(key, &format!("item `{s}` is not valid: {m}")))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
        }
    }

    /// A fraction: `0.8` or `"80%"`.
    pub fn fraction(&self, key: &str) -> Result<Option<f64>, CliError> {
        match self.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => parse::fraction(s)
                .map(Some)
                .map_err(|m| self.bad(key, &format!("is not valid: {m}"))),
            Some(_) => {
                let v = self.f64(key)?.unwrap_or(f64::NAN);
                parse::fraction(&v.to_string())
                    .map(Some)
                    .map_err(|m| self.bad(key, &format!("is not valid: {m}")))
            }
        }
    }
}
