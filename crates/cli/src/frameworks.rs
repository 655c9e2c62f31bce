//! `posture frameworks`: the compliance catalogues (CIS, NSA/CISA, Pod Security Standards,
//! the principles) with how much of each Posture evaluates; and the `--framework` value of
//! `posture check`.

use posture_engine::frameworks::{self, Framework};
use posture_engine::report::frameworks as render;

use crate::output::{unexpected, value, write_stdout, Format};

/// `--framework ID`: one of [`frameworks::IDS`].
pub fn parse(id: &str) -> Result<&'static Framework, String> {
    frameworks::find(id).ok_or_else(|| {
        format!(
            "unknown framework `{id}` (use {})",
            frameworks::IDS.join(", ")
        )
    })
}

pub fn run(mut parser: lexopt::Parser) -> Result<u8, String> {
    use lexopt::Arg::{Long, Short};
    let mut format = Format::Text;
    let mut chosen: Vec<&'static Framework> = Vec::new();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("format") | Short('f') => format = Format::parse(&value(&mut parser)?)?,
            Long("framework") => chosen.push(parse(&value(&mut parser)?)?),
            _ => return Err(unexpected(arg)),
        }
    }
    if chosen.is_empty() {
        chosen = frameworks::all().iter().collect();
    }
    let out = match format {
        Format::Text => render::catalogue_text(&chosen),
        Format::Json => render::catalogue_json(&chosen),
        Format::Markdown => render::catalogue_markdown(&chosen),
        Format::Sarif | Format::Gitlab => {
            return Err("`frameworks` supports --format text, json or markdown".to_string())
        }
    };
    write_stdout(&out);
    Ok(0)
}
