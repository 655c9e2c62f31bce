//! Writes the hostile-input shapes of `tests/hostile/mod.rs` to files, for timing the CLI on
//! them (see `docs/hostile-inputs.md`).
//!
//! Run: `cargo run --release -p posture-engine --example hostile -- DIR BYTES...`; writes
//! `DIR/<shape>-<BYTES>.yaml` for every shape and size.

#[path = "../tests/hostile/mod.rs"]
mod hostile;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((dir, sizes)) = args.split_first() else {
        eprintln!("usage: hostile DIR BYTES...");
        std::process::exit(2);
    };
    std::fs::create_dir_all(dir).expect("create the output directory");
    for size in sizes {
        let n: usize = size.parse().expect("BYTES is a number");
        for shape in hostile::SHAPES {
            let text = (shape.make)(n);
            let path = format!("{dir}/{}-{size}.yaml", shape.name);
            std::fs::write(&path, text).expect("write a shape");
            println!("{path}");
        }
    }
}
