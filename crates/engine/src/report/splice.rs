//! The findings of a large report serialized on every core (native builds; the page writes
//! one file's report and stays single-threaded).
//!
//! The document is written first with its findings array empty (`"results": []`). The
//! findings are then serialized in chunks, in parallel, and put in that array's place. The
//! bytes are the ones serde_json's pretty printer writes for the whole document in one go
//! (tested in `sarif` and `json`), so output does not depend on the number of cores.

use std::io::{self, Write};
use std::ops::Range;

use serde::Serialize;

/// Items per chunk: about a megabyte of SARIF. Smaller reports are written serially, as
/// starting a thread would cost more than it saves.
pub(crate) const CHUNK: usize = 2048;

/// Writes `head`, a pretty-printed document whose array under `key` at nesting depth `depth`
/// (the document's own keys are at depth 1) was written empty, with the `count` items that
/// `items` yields for each range of indices put in that array.
pub(crate) fn write<R, I>(
    head: &[u8],
    key: &str,
    depth: usize,
    count: usize,
    items: impl Fn(Range<usize>) -> I + Sync,
    mut out: impl Write,
) -> io::Result<()>
where
    R: Serialize,
    I: Iterator<Item = R>,
{
    // No string in pretty-printed JSON holds a raw line break, so a line break, the key's
    // indentation and the key can only be the key itself.
    let empty = format!("\n{}\"{key}\": []", "  ".repeat(depth));
    let Some(at) = find(head, empty.as_bytes()) else {
        return Err(io::Error::other(format!("no empty `{key}` array to fill")));
    };
    let open = at + empty.len() - 1; // just after `[`
    out.write_all(&head[..open])?;
    let indent = "  ".repeat(depth + 1);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunks: Vec<Range<usize>> = (0..count)
        .step_by(CHUNK)
        .map(|start| start..count.min(start + CHUNK))
        .collect();
    // A round of chunks at a time, one per core: memory holds a few chunks, not the log.
    for round in chunks.chunks(threads) {
        let written: Vec<io::Result<Vec<u8>>> = std::thread::scope(|scope| {
            let Some((first, rest)) = round.split_first() else {
                return Vec::new();
            };
            let others: Vec<_> = rest
                .iter()
                .map(|range| scope.spawn(|| serialize(items(range.clone()), range.start, &indent)))
                .collect();
            let mut written = vec![serialize(items(first.clone()), first.start, &indent)];
            written.extend(others.into_iter().map(|t| {
                t.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }));
            written
        });
        for bytes in written {
            out.write_all(&bytes?)?;
        }
    }
    if count > 0 {
        out.write_all(format!("\n{}]", "  ".repeat(depth)).as_bytes())?;
    } else {
        out.write_all(b"]")?;
    }
    out.write_all(&head[open + 1..])
}

/// Each item on lines of its own at `indent`, after a comma unless it is the array's first
/// (the chunk starts at index `start`).
fn serialize<R: Serialize>(
    items: impl Iterator<Item = R>,
    start: usize,
    indent: &str,
) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut item = Vec::new();
    for (i, value) in items.enumerate() {
        item.clear();
        serde_json::to_writer_pretty(&mut item, &value)?;
        if start + i > 0 {
            bytes.push(b',');
        }
        for line in item.split(|b| *b == b'\n') {
            bytes.push(b'\n');
            bytes.extend_from_slice(indent.as_bytes());
            bytes.extend_from_slice(line);
        }
    }
    Ok(bytes)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::CHUNK;
    use crate::baseline::{classify, Baseline};
    use crate::report::{json, sarif};
    use crate::{check, rules, Input, Report};

    /// Pods with several findings each, named `first..last`, a few to a file.
    fn pods(first: usize, last: usize) -> Vec<(String, String)> {
        let pod = |i: usize| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  annotations:\n    \
                 note: \"tab\\there, é, \\\" and a quote\"\nspec:\n  hostNetwork: true\n  \
                 containers:\n  - name: c{i}\n    image: nginx\n    securityContext:\n      \
                 privileged: true\n"
            )
        };
        // Names a URI must encode, and findings grouped by file as a directory's are.
        let names = ["a.yaml", "dir/b c.yaml", "é.yaml", "z/%.yaml"];
        (first..last)
            .map(|i| (names[i % names.len()].to_string(), pod(i)))
            .collect()
    }

    fn report_of(files: &[(String, String)]) -> Report {
        let inputs: Vec<Input> = files
            .iter()
            .map(|(name, text)| Input { name, text })
            .collect();
        check(&inputs)
    }

    #[test]
    fn large_logs_written_on_every_core_are_the_bytes_written_serially() {
        let report = report_of(&pods(0, 700));
        assert!(
            report.findings.len() > 3 * CHUNK,
            "{} findings are too few for several rounds of chunks",
            report.findings.len()
        );
        // Half the pods are in the baseline, and half the baseline is gone.
        let baseline = Baseline::from_report(&report_of(&pods(350, 1050)));
        let classified = classify(&report, &baseline);
        assert!(classified.absent.len() > CHUNK);
        for baseline in [None, Some(&classified)] {
            let written = |serially| {
                let mut out = Vec::new();
                sarif::write_log(&report, rules::ALL, baseline, serially, &mut out).unwrap();
                out
            };
            let (parallel, serial) = (written(false), written(true));
            assert!(parallel == serial, "SARIF differs");
            let log: serde_json::Value = serde_json::from_slice(&parallel).unwrap();
            let absent = baseline.map_or(0, |b| b.absent.len());
            assert_eq!(
                log["runs"][0]["results"].as_array().unwrap().len(),
                report.findings.len() + absent
            );
            let written = |serially| {
                let mut out = Vec::new();
                json::write_envelope(&report, baseline, &[], serially, &mut out).unwrap();
                out
            };
            let (parallel, serial) = (written(false), written(true));
            assert!(parallel == serial, "JSON differs");
            let envelope: serde_json::Value = serde_json::from_slice(&parallel).unwrap();
            assert_eq!(
                envelope["findings"].as_array().unwrap().len(),
                report.findings.len()
            );
        }
    }

    #[test]
    fn a_document_without_the_empty_array_is_an_error_not_a_guess() {
        let head = b"{\n  \"results\": [\n    1\n  ]\n}";
        let written = super::write(head, "results", 1, 3, |r| r, Vec::new());
        assert!(written.is_err());
    }
}
