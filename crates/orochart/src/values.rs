//! Values: loading values files (YAML 1.1), the `--set` family, and Helm's coalescing.
//! (Being written; see the helper's task.)
