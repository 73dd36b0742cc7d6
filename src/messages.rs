//! Every line govrules writes to stderr goes through here: `govrules: ` and the message, with control
//! and bidi-formatting characters escaped (`\n`, `\u{1b}`, `\u{202e}`), so a file name cannot forge a line
//! or reach the terminal as an escape sequence, and an error's chain of causes with each cause said once.

/// `govrules: error: …`, for an input that failed (the run goes on).
pub fn error(message: &str) {
    say(&format!("error: {message}"));
}

/// `govrules: warning: …`, for something the run worked around.
pub fn warning(message: &str) {
    say(&format!("warning: {message}"));
}

/// `govrules: …`.
pub fn say(message: &str) {
    eprintln!("govrules: {}", escape(message));
}

/// A fatal error with its causes, each said once: a cause already in the message so far (a library error
/// whose text ends with its source's) is not repeated.
pub fn fatal(err: &anyhow::Error) {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    say(&message);
}

/// `text` with control characters (C0, DEL, C1) and bidi formatting characters written as escapes.
pub fn escape(text: &str) -> String {
    escape_but(text, &[])
}

/// [`escape`], keeping the characters of `keep` (the newlines of a multi-line usage message).
pub fn escape_but(text: &str, keep: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if keep.contains(&c) || !(c.is_control() || is_bidi_control(c)) {
            out.push(c);
        } else {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            }
        }
    }
    out
}

/// Characters that reorder the text around them on display: marks, embeddings, overrides, isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_but_not_text() {
        assert_eq!(
            escape("evil\nname\u{1b}[31m\u{202e}.txt"),
            r"evil\nname\u{1b}[31m\u{202e}.txt"
        );
        assert_eq!(
            escape("行政法/广告法(2021).txt: 空"),
            "行政法/广告法(2021).txt: 空"
        );
        assert_eq!(escape_but("a\nb\u{7}", &['\n']), "a\nb\\u{7}");
    }
}
