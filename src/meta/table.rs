//! A researcher's metadata file (`--meta FILE`): CSV (read with the `csv` crate) with a header row, an `id`
//! column naming documents by id, and any other columns. `label`, `government`, `level`, `parent`, `date`,
//! `year` and `doc_number` replace what was read from the text; every other column is added as it is. An
//! empty cell changes nothing. The file may be UTF-8 (with or without BOM), UTF-16 with a BOM or GB18030
//! (as Excel writes it on a Chinese system). A malformed file is an error naming the file and the line; an
//! id that matches no document is a warning naming them.

use std::collections::HashMap;
use std::path::Path;

use super::{year_of, DocMeta};
use crate::error::{Error, Result};

/// The rows of a metadata file, by id.
#[derive(Clone, Debug)]
pub struct MetaTable {
    /// The file, as named in messages.
    origin: String,
    rows: Vec<Row>,
}

#[derive(Clone, Debug)]
struct Row {
    /// 1-based line of the file.
    line: u64,
    id: String,
    /// (column, value) for the non-empty cells other than `id`.
    cells: Vec<(String, String)>,
}

impl MetaTable {
    /// Reads a metadata file.
    pub fn load(path: &Path) -> Result<MetaTable> {
        let origin = path.display().to_string();
        // (Through the loader's reader: a FIFO or a device given as the file is refused, not read.)
        let bytes = crate::corpus::read_regular_file(path)?;
        let text = match crate::corpus::decode(&bytes) {
            Ok((text, _)) => text,
            Err(e) => {
                let why = match e {
                    crate::corpus::DecodeError::Empty => "empty file".to_string(),
                    crate::corpus::DecodeError::Binary(r) => format!("binary file ({r}), not CSV"),
                    crate::corpus::DecodeError::Undecodable => {
                        "cannot decode as UTF-8, UTF-16 (with BOM) or GB18030".to_string()
                    }
                    crate::corpus::DecodeError::Utf16WithoutBom(enc) => {
                        format!("looks like {enc} without a byte-order mark; save it with one, or as UTF-8")
                    }
                    crate::corpus::DecodeError::NotDocx(r) => format!("not a readable .docx ({r})"),
                };
                return Err(Error::Resource {
                    path: origin,
                    message: why,
                });
            }
        };
        MetaTable::from_text(&text, &origin)
    }

    /// Parses CSV text; `origin` names the file in errors.
    pub fn from_text(text: &str, origin: &str) -> Result<MetaTable> {
        let bad = |line: u64, message: String| Error::Resource {
            path: origin.to_string(),
            message: format!("line {line}: {message}"),
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| bad(line_of(&e), e.to_string()))?
            .iter()
            .map(str::to_string)
            .collect();
        let Some(id_at) = header.iter().position(|h| h == "id") else {
            return Err(bad(
                1,
                format!("no `id` column (columns: {})", header.join(", ")),
            ));
        };
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() {
                return Err(bad(1, format!("column {} has no name", i + 1)));
            }
            if header[..i].contains(h) {
                return Err(bad(1, format!("column `{h}` given twice")));
            }
        }
        let mut rows: Vec<Row> = Vec::new();
        let mut first_line: HashMap<String, u64> = HashMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| bad(line_of(&e), e.to_string()))?;
            let line = record.position().map_or(0, |p| p.line());
            if record.iter().all(str::is_empty) {
                continue;
            }
            let id = record.get(id_at).unwrap_or("").to_string();
            if id.is_empty() {
                return Err(bad(line, "empty `id`".into()));
            }
            if let Some(first) = first_line.insert(id.clone(), line) {
                return Err(bad(
                    line,
                    format!("id `{id}` given twice (first on line {first})"),
                ));
            }
            let mut cells = Vec::new();
            for (column, value) in header.iter().zip(record.iter()) {
                if column == "id" || value.is_empty() {
                    continue;
                }
                if column == "year" && value.parse::<i32>().is_err() {
                    return Err(bad(line, format!("year `{value}` is not a whole number")));
                }
                cells.push((column.clone(), value.to_string()));
            }
            rows.push(Row { line, id, cells });
        }
        Ok(MetaTable {
            origin: origin.to_string(),
            rows,
        })
    }

    /// Gives each document its row's values; returns a warning for each row whose id matches no document.
    pub(super) fn apply(&self, metas: &mut [DocMeta]) -> Vec<String> {
        let by_id: HashMap<&str, &Row> = self.rows.iter().map(|r| (r.id.as_str(), r)).collect();
        for m in metas.iter_mut() {
            let Some(row) = by_id.get(m.id.as_str()) else {
                continue;
            };
            let mut year_given = false;
            for (column, value) in &row.cells {
                let v = Some(value.clone());
                match column.as_str() {
                    "label" => m.label = value.clone(),
                    "government" => m.government = v,
                    "level" => m.level = v,
                    "parent" => m.parent = v,
                    "doc_number" => m.doc_number = v,
                    "date" => m.date = v,
                    "year" => {
                        m.year = value.parse().ok();
                        year_given = true;
                    }
                    _ => {
                        m.extra.insert(column.clone(), value.clone());
                    }
                }
            }
            if !year_given && row.cells.iter().any(|(c, _)| c == "date") {
                m.year = m.date.as_deref().and_then(year_of);
            }
        }
        let ids: Vec<&str> = metas.iter().map(|m| m.id.as_str()).collect();
        self.unmatched(&ids)
    }

    /// A warning for each row whose id is none of `ids`, naming the file and the line.
    pub fn unmatched(&self, ids: &[&str]) -> Vec<String> {
        let ids: std::collections::HashSet<&str> = ids.iter().copied().collect();
        self.rows
            .iter()
            .filter(|r| !ids.contains(r.id.as_str()))
            .map(|r| {
                format!(
                    "{}: line {}: id `{}` matches no document",
                    self.origin, r.line, r.id
                )
            })
            .collect()
    }
}

/// The line a CSV error points at (1 when it does not say).
fn line_of(e: &csv::Error) -> u64 {
    e.position().map_or(1, csv::Position::line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn meta(id: &str) -> DocMeta {
        DocMeta {
            id: id.into(),
            label: id.into(),
            government: Some("衢州市".into()),
            level: Some("市".into()),
            parent: None,
            date: Some("2022-05-22".into()),
            year: Some(2022),
            doc_number: None,
            extra: BTreeMap::new(),
        }
    }

    #[test]
    fn columns_override_or_extend_and_empty_cells_change_nothing() {
        let t = MetaTable::from_text(
            "\u{feff}id,province,date,level\nq,浙江, 2024-01-02 ,\nghost,x,,\n",
            "meta.csv",
        )
        .unwrap();
        let mut m = vec![meta("q"), meta("other")];
        let warnings = t.apply(&mut m);
        assert_eq!(m[0].extra.get("province").map(String::as_str), Some("浙江"));
        assert_eq!(
            (m[0].date.as_deref(), m[0].year),
            (Some("2024-01-02"), Some(2024))
        );
        assert_eq!(m[0].level.as_deref(), Some("市"));
        assert_eq!(m[1], meta("other"));
        assert_eq!(
            warnings,
            ["meta.csv: line 3: id `ghost` matches no document"]
        );
    }

    #[test]
    fn a_malformed_file_names_the_file_and_the_line() {
        for (text, says) in [
            ("name,province\nq,浙江\n", "line 1: no `id` column"),
            ("id,province\nq,浙江\nr,江苏,extra\n", "line 3"),
            ("id,year\nq,二〇二二\n", "line 2: year `二〇二二`"),
            (
                "id,x\nq,1\nq,2\n",
                "line 3: id `q` given twice (first on line 2)",
            ),
            ("id,x\n,1\n", "line 2: empty `id`"),
            ("id,x,x\nq,1,2\n", "line 1: column `x` given twice"),
        ] {
            let e = MetaTable::from_text(text, "meta.csv")
                .unwrap_err()
                .to_string();
            assert!(
                e.starts_with("meta.csv: ") && e.contains(says),
                "{text:?}: {e}"
            );
        }
    }
}
