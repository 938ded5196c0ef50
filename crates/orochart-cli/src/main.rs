//! The `orochart` binary; all logic is in the `orochart_cli` library.

fn main() -> std::process::ExitCode {
    orochart_cli::run(std::env::args_os())
}
