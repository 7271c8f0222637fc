//! Where each value of a JSON document starts, by JSON path, so that a validation problem found
//! on the parsed model can still be reported as `file:line:column`.

use std::collections::HashMap;

/// Start positions of every value in a JSON text, keyed by path (`$.sites[0].pools[1].fqdn`).
pub struct Positions {
    starts: HashMap<String, usize>,
    line_starts: Vec<usize>,
    text_len: usize,
}

impl Positions {
    /// Indexes `text`. A text that is not valid JSON is indexed up to the first surprise.
    pub fn index(text: &str) -> Self {
        let mut scanner = Scanner {
            bytes: text.as_bytes(),
            at: 0,
            starts: HashMap::new(),
        };
        let mut path = String::from("$");
        scanner.value(&mut path, 0);
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Positions {
            starts: scanner.starts,
            line_starts,
            text_len: text.len(),
        }
    }

    /// 1-based line and column (in characters) where the value at `path` starts; for a path that
    /// is not in the text (a missing field), the position of its nearest existing parent.
    pub fn locate(&self, text: &str, path: &str) -> Option<(usize, usize)> {
        let mut candidate = path;
        loop {
            if let Some(&offset) = self.starts.get(candidate) {
                return Some(self.line_column(text, offset));
            }
            let cut = candidate.rfind(['.', '['])?;
            candidate = &candidate[..cut];
        }
    }

    fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text_len);
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = text[start..offset].chars().count() + 1;
        (line, column)
    }
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    starts: HashMap<String, usize>,
}

const MAX_DEPTH: usize = 128;

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn value(&mut self, path: &mut String, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        self.starts.insert(path.clone(), self.at);
        match self.peek()? {
            b'{' => self.object(path, depth),
            b'[' => self.array(path, depth),
            b'"' => self.string().map(drop),
            _ => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.at += 1;
                }
                Some(())
            }
        }
    }

    fn object(&mut self, path: &mut String, depth: usize) -> Option<()> {
        self.at += 1;
        self.skip_ws();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            self.skip_ws();
            let key = self.string()?;
            self.skip_ws();
            (self.peek()? == b':').then_some(())?;
            self.at += 1;
            let len = path.len();
            path.push('.');
            path.push_str(&key);
            self.value(path, depth + 1)?;
            path.truncate(len);
            self.skip_ws();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, path: &mut String, depth: usize) -> Option<()> {
        self.at += 1;
        self.skip_ws();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(());
        }
        let mut index = 0usize;
        loop {
            let len = path.len();
            path.push_str(&format!("[{index}]"));
            self.value(path, depth + 1)?;
            path.truncate(len);
            index += 1;
            self.skip_ws();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Reads a string literal starting at the opening quote and returns its decoded content.
    fn string(&mut self) -> Option<String> {
        (self.peek()? == b'"').then_some(())?;
        let start = self.at;
        self.at += 1;
        let mut escaped = false;
        while let Some(b) = self.peek() {
            self.at += 1;
            match (escaped, b) {
                (false, b'\\') => escaped = true,
                (false, b'"') => {
                    let raw = std::str::from_utf8(&self.bytes[start..self.at]).ok()?;
                    return serde_json::from_str(raw).ok();
                }
                _ => escaped = false,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_and_falls_back_to_parent() {
        let text = "{\n  \"sites\": [\n    {\"name\": \"é\", \"pools\": []}\n  ]\n}";
        let positions = Positions::index(text);
        assert_eq!(positions.locate(text, "$.sites"), Some((2, 12)));
        assert_eq!(positions.locate(text, "$.sites[0].pools"), Some((3, 28)));
        assert_eq!(positions.locate(text, "$.sites[0].missing"), Some((3, 5)));
    }
}
