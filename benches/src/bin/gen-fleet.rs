//! `gen-fleet DIR [SERVICES]`: writes the benchmark fleet (3 environments × SERVICES apps,
//! default 334) under DIR, for `benches/compare.py`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: gen-fleet DIR [SERVICES]");
        return ExitCode::from(2);
    };
    let services = match args.next().map(|s| s.parse::<usize>()) {
        None => 334,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("gen-fleet: SERVICES: {e}");
            return ExitCode::from(2);
        }
    };
    match orochart_benches::generate_fleet(std::path::Path::new(&dir), services) {
        Ok(n) => {
            println!("{n}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-fleet: {dir}: {e}");
            ExitCode::from(1)
        }
    }
}
