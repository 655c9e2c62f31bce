//! The findings of a large report serialized on every core (native builds; the page writes
//! one file's report and stays single-threaded).
//!
//! The document is written first with its findings array empty (`"results": []`). The
//! findings are then serialized in chunks, in parallel, and put in that array's place. The
//! bytes are the ones serde_json's pretty printer writes for the whole document in one go
//! (tested in `sarif` and `json`), so output does not depend on the number of cores.

use std::io::{self, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

use serde::Serialize;

/// Items per chunk: about a megabyte of SARIF. Smaller reports are written serially, as
/// starting a thread would cost more than it saves.
pub(crate) const CHUNK: usize = 2048;

/// How many chunks per core may be done ahead of the one being written.
const AHEAD: usize = 2;

/// Writes `head`, a pretty-printed document whose array under `key` at nesting depth `depth`
/// (the document's own keys are at depth 1) was written empty, with the `count` items that
/// `items` yields for each range of indices put in that array.
pub(crate) fn write<R, I>(
    head: &[u8],
    key: &str,
    depth: usize,
    count: usize,
    items: impl Fn(Range<usize>) -> I + Sync,
    out: impl Write,
) -> io::Result<()>
where
    R: Serialize,
    I: Iterator<Item = R>,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    write_on(threads, head, key, depth, count, items, out)
}

/// [`write`] with `threads` workers (none: this thread does it all).
fn write_on<R, I>(
    threads: usize,
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
    let indent = 2 * (depth + 1);
    let chunks = count.div_ceil(CHUNK);
    let next = AtomicUsize::new(0);
    // How many chunks are written; past a failed write, "all of them", so the workers stop.
    let written = (Mutex::new(0), Condvar::new());
    let (done, finished) = mpsc::channel::<(usize, io::Result<Vec<u8>>)>();
    std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..threads {
            let (done, next, written, items) = (done.clone(), &next, &written, &items);
            let work = move || loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= chunks {
                    break;
                }
                // At most a few chunks ahead of the writer: memory holds those, not the log.
                let (lock, ahead) = written;
                let mut at = lock.lock().unwrap_or_else(|e| e.into_inner());
                while k >= *at + AHEAD * threads {
                    at = ahead.wait(at).unwrap_or_else(|e| e.into_inner());
                }
                if *at >= chunks {
                    break; // the writer gave up
                }
                drop(at);
                // Should serializing panic, the others must not wait for this chunk forever.
                let _stop = StopOnPanic(written, chunks);
                let range = k * CHUNK..count.min((k + 1) * CHUNK);
                if done
                    .send((k, serialize(items(range.clone()), range, indent)))
                    .is_err()
                {
                    break;
                }
            };
            if std::thread::Builder::new()
                .spawn_scoped(scope, work)
                .is_ok()
            {
                started += 1;
            }
        }
        drop(done);
        if started == 0 {
            // No thread could start (or none was asked for): this one does all the work.
            for k in 0..chunks {
                let range = k * CHUNK..count.min((k + 1) * CHUNK);
                out.write_all(&serialize(items(range.clone()), range, indent)?)?;
            }
            return Ok(());
        }
        // This thread writes the chunks in order as they come.
        let mut waiting = std::collections::BTreeMap::new();
        let mut result = Ok(());
        let mut k = 0;
        for (i, bytes) in finished {
            waiting.insert(i, bytes);
            while let Some(bytes) = waiting.remove(&k) {
                result = result.and_then(|()| out.write_all(&bytes?));
                k += 1;
                let (lock, ahead) = &written;
                *lock.lock().unwrap_or_else(|e| e.into_inner()) =
                    if result.is_ok() { k } else { chunks };
                ahead.notify_all();
            }
        }
        result
    })?;
    if count > 0 {
        out.write_all(format!("\n{}]", "  ".repeat(depth)).as_bytes())?;
    } else {
        out.write_all(b"]")?;
    }
    out.write_all(&head[open + 1..])
}

/// Marks every chunk written, and wakes the workers, when its thread panics.
struct StopOnPanic<'a>(&'a (Mutex<usize>, Condvar), usize);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let (lock, ahead) = self.0;
            *lock.lock().unwrap_or_else(|e| e.into_inner()) = self.1;
            ahead.notify_all();
        }
    }
}

/// The items of the chunk `range` of the array, each on lines of its own `indent` spaces deep,
/// after a comma unless it is the array's first.
fn serialize<R: Serialize>(
    items: impl Iterator<Item = R>,
    range: Range<usize>,
    indent: usize,
) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    for (i, value) in items.enumerate() {
        if i == 1 {
            // Room for the rest at about the first one's size, rather than doubling and copying.
            bytes.reserve(bytes.len() * (range.len() + range.len() / 4));
        }
        if range.start + i > 0 {
            bytes.push(b',');
        }
        let layout = Nested {
            depth: indent,
            has_value: false,
        };
        layout.new_line(&mut bytes)?;
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut bytes, layout,
        ))?;
    }
    Ok(bytes)
}

/// serde_json's pretty layout (two spaces a level) for a value that starts `depth` spaces deep:
/// the item is written in place, not printed at depth 0 and indented line by line afterwards.
struct Nested {
    /// Spaces at the start of the next line.
    depth: usize,
    /// Whether the innermost open array or object has a value yet.
    has_value: bool,
}

impl Nested {
    fn new_line<W: ?Sized + Write>(&self, out: &mut W) -> io::Result<()> {
        const LINE: [u8; 129] = {
            let mut line = [b' '; 129];
            line[0] = b'\n';
            line
        };
        match LINE.get(..=self.depth) {
            Some(line) => out.write_all(line),
            None => {
                out.write_all(b"\n")?;
                out.write_all(&vec![b' '; self.depth])
            }
        }
    }

    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 2;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 2;
        if self.has_value {
            self.new_line(out)?;
        }
        out.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        self.new_line(out)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.item(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.item(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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

    /// A writer that fails once it has taken `left` bytes, like a closed pipe.
    struct Failing {
        left: usize,
    }

    impl std::io::Write for Failing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.left {
                return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
            }
            self.left -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    const HEAD: &[u8] = b"{\n  \"results\": []\n}";

    #[test]
    fn a_failed_write_stops_the_work_and_is_returned() {
        let count = 50 * CHUNK;
        let written = super::write(HEAD, "results", 1, count, |r| r, Failing { left: 100_000 });
        assert_eq!(
            written.map_err(|e| e.kind()),
            Err(std::io::ErrorKind::BrokenPipe)
        );
    }

    #[test]
    fn a_panic_while_serializing_is_a_panic_not_a_hang() {
        let count = 50 * CHUNK;
        let outcome = std::panic::catch_unwind(|| {
            super::write(
                HEAD,
                "results",
                1,
                count,
                |r| {
                    assert!(r.start != 3 * CHUNK, "a chunk that cannot be written");
                    r
                },
                std::io::sink(),
            )
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn numbers_fill_the_array_as_serde_json_would_with_any_number_of_threads() {
        let all: Vec<usize> = (0..3 * CHUNK + 5).collect();
        let expected = serde_json::to_vec_pretty(&serde_json::json!({ "results": all })).unwrap();
        for threads in [0, 1, 3] {
            let mut out = Vec::new();
            super::write_on(threads, HEAD, "results", 1, all.len(), |r| r, &mut out).unwrap();
            assert!(out == expected, "{threads} threads");
        }
    }

    #[test]
    fn nested_and_empty_collections_are_laid_out_as_serde_json_would() {
        let item = serde_json::json!({
            "empty": [], "none": {}, "text": "a\nb \"c\"",
            "deep": [1, {"e": [], "f": [{"g": {}}, [[]]]}, null]
        });
        // Deeper than the ready-made line of spaces reaches.
        let mut nested = serde_json::json!([1]);
        for _ in 0..70 {
            nested = serde_json::json!({ "n": [nested] });
        }
        let all = vec![item.clone(), item, nested];
        let expected = serde_json::to_vec_pretty(&serde_json::json!({ "results": all })).unwrap();
        for threads in [0, 2] {
            let mut out = Vec::new();
            let items = |r: std::ops::Range<usize>| all[r].iter();
            super::write_on(threads, HEAD, "results", 1, all.len(), items, &mut out).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                String::from_utf8(expected.clone()).unwrap()
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
