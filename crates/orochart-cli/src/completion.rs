//! `orochart completion <shell>`: a shell completion script, generated from the clap definition.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::{Cli, Failure};

/// Examples shown by `orochart completion --help`.
pub const EXAMPLES: &str = "\
Examples:
  # bash: load now, or install for every session
  source <(orochart completion bash)
  orochart completion bash > /etc/bash_completion.d/orochart

  # zsh (a folder on $fpath)
  orochart completion zsh > \"${fpath[1]}/_orochart\"

  # fish
  orochart completion fish > ~/.config/fish/completions/orochart.fish";

/// The flags of `orochart completion`.
#[derive(Debug, Clone, Args)]
pub struct CompletionArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Runs `orochart completion`.
pub fn run(a: &CompletionArgs) -> Result<String, Failure> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "orochart", &mut out);
    String::from_utf8(out)
        .map_err(|e| Failure::Error(format!("the completion script is not UTF-8: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_that_knows_the_subcommands() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Elvish,
            Shell::PowerShell,
        ] {
            let script = run(&CompletionArgs { shell }).unwrap_or_default();
            for sub in ["render", "lint", "argocd", "completion"] {
                assert!(script.contains(sub), "{shell}: no `{sub}` in the script");
            }
        }
    }

    /// Every subcommand, nested ones included, shows examples in `--help`.
    #[test]
    fn every_subcommand_help_shows_examples() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for sub in cmd.get_subcommands() {
                let name = format!("{path} {}", sub.get_name());
                let help = sub.clone().render_long_help().to_string();
                if !help.contains("Examples:") {
                    missing.push(name.clone());
                }
                walk(sub, &name, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "orochart", &mut missing);
        assert!(
            missing.is_empty(),
            "no `Examples:` in --help of: {missing:?}"
        );
    }
}
