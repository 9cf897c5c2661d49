//! leakhound: a fast, quiet secrets and credential leak scanner.
//!
//! The pipeline is the module layout; data flows one way:
//!
//! ```text
//! input ──item──▶ blob ──bytes + path──▶ matcher ──Match (Copy)──▶ finding ──▶ suppress ──▶ report
//!                      rules ──RuleSet──▶ matcher        scan wires the stages and counts every skip
//! ```
//!
//! - [`rules`]: rule files (TOML data) → a validated [`rules::RuleSet`].
//! - [`matcher`]: keyword prefilter + lazily compiled regexes → [`matcher::Match`]es.
//! - [`input`]: what to scan (directory walk, stdin) and [`blob`]: the bytes of one item.
//! - [`finding`]: matches → one [`finding::Finding`] per unique (rule, secret), with locations,
//!   a keyed fingerprint and redaction.
//! - [`suppress`]: every reason a finding is hidden, recorded.
//! - [`report`]: pretty, JSON, JSONL, SARIF and the CI formats (GitLab, Code Quality, JUnit);
//!   the only writer of results.
//! - [`scan`]: orchestration, threads, cancellation and the summary.
//! - [`check`]: runs every rule's own examples through the real matcher.

pub mod blob;
pub mod check;
pub mod cli;
pub mod config;
pub mod decode;
pub mod error;
pub mod finding;
pub mod hook;
pub mod input;
pub mod matcher;
pub mod report;
pub mod rules;
pub mod scan;
pub mod summary;
pub mod suppress;

pub use error::Error;
