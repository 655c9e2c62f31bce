//! `posture`: the engine's checks for terminals and CI.
//!
//! Exit codes: 0 no finding at or above `--fail-on`; 1 findings at or above it; 2 usage or
//! input error. Each subcommand lives in its own module; arguments are read with `lexopt`, so
//! `--format=json`, `-fjson` and `--` work everywhere.

mod baseline;
mod catalogue;
mod check;
mod compare;
mod fix;
mod frameworks;
mod input;
mod output;
mod settings;
mod share;
mod walk;

use std::process::ExitCode;

use posture_engine::report::escape_controls as safe;

// Checking a repository makes and drops millions of small nodes on every core; mimalloc's
// per-thread pages do that in about half the time of the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
Usage:
  posture check PATH... [--format FORMAT] [--output FORMAT=FILE]... [--fail-on SEVERITY]
                [--pss-version VERSION] [--exclude GLOB]... [--config FILE | --no-config]
                [--framework FRAMEWORK]... [--baseline BASELINE-FILE]
  posture baseline write PATH... [--pss-version VERSION] [--exclude GLOB]...
                [--config FILE | --no-config] > posture-baseline.json
  posture compare OLD NEW [--format text|json|markdown] [--fail-on SEVERITY]
                [--pss-version VERSION] [--exclude GLOB]... [--config FILE | --no-config]
  posture rules [--format text|json|markdown]
  posture frameworks [--format text|json|markdown] [--framework FRAMEWORK]...
  posture explain RULE-ID
  posture share FILE... [--base URL] [--with-config [--keep-secrets]]
  posture fix FILE... [--diff] [--write] [--rules ID,...] [--include-review]

PATH is a file or a directory; directories are walked for .yaml, .yml and .json files and
files starting with #cloud-config, skipping hidden ones, node_modules and what .gitignore
leaves out. --exclude leaves out paths matching GLOB (`*`, `?`, `**`; repeatable).
FORMAT is text, json, sarif, markdown or gitlab (GitLab Code Quality); --format is what
standard output gets (default: text), each --output writes one more format to a file.
Settings come from .posture.yaml in the current directory or a parent (or --config FILE);
options given here win over it.
`-` as PATH or FILE reads standard input; `--` ends the options (a PATH named like an option follows
it). Options take their value as the next argument or after `=` (--format=json).
SEVERITY is one of critical, high, medium, low, info, none (default: high).
VERSION is the Pod Security Standards policy version pods are checked against: latest (the
default) or v1.N; a Namespace in the input labelled pod-security.kubernetes.io/enforce-version
sets it for its own pods.
FRAMEWORK is cis, nsa, pss-baseline, pss-restricted or principles: `check` adds each one's
per-control status (pass, fail, not applicable, not evaluated, not checkable, no rule yet) to
text, JSON and Markdown output; `frameworks` lists the controls and how Posture covers them.
`share` prints a results link for the page (results only unless --with-config, which needs one
FILE and replaces detected secrets with REDACTED unless --keep-secrets); --base is the page's
address, e.g. https://posture.example.com/ (without it, only the #fragment is printed).
`check --baseline` lists only findings not in the baseline (JSON and SARIF mark each new,
unchanged or absent), and only new ones fail the run; run it from the directory the baseline
was written in (findings are matched by path). `compare` takes two files, two directories or
two JSON reports of `check --format json`, and fails only on new findings. `baseline write`
and `compare` take paths, settings and excludes as `check` does.
`fix` applies the fixes rules offer (safe ones only unless --include-review; only the listed
rules with --rules) and prints a unified diff; --write rewrites the files instead (for `-`,
prints the fixed text), --diff with --write prints the diff too.
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error;
for `fix`: 0 nothing to change, 1 changes proposed or made, 2 usage or input error.
-h or --help after any command prints this text.";

fn main() -> ExitCode {
    // `posture check --help` answers as `posture --help` does (options end at `--`).
    let asks_help = std::env::args_os()
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| a == "--help" || a == "-h");
    let mut args = std::env::args_os().skip(1);
    let command = args.next();
    let rest = lexopt::Parser::from_args(args);
    let result = match command.as_ref().and_then(|c| c.to_str()) {
        _ if asks_help || command.as_ref().is_some_and(|c| c == "help") => {
            output::write_stdout(&format!("{USAGE}\n"));
            Ok(0)
        }
        Some("check") => check::run(rest),
        Some("baseline") => baseline::run(rest),
        Some("compare") => compare::run(rest),
        Some("rules") => catalogue::run_rules(rest),
        Some("explain") => catalogue::run_explain(rest),
        Some("share") => share::run(rest),
        Some("frameworks") => frameworks::run(rest),
        Some("fix") => fix::run(rest),
        Some("-V" | "--version") => {
            output::write_stdout(&format!("posture {}\n", env!("CARGO_PKG_VERSION")));
            Ok(0)
        }
        Some(other) => Err(format!("unknown command `{other}`")),
        None if command.is_some() => Err("the command is not valid UTF-8".to_string()),
        None => Err("no command given".to_string()),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("posture: {}\n\n{USAGE}", safe(&message));
            ExitCode::from(2)
        }
    }
}
