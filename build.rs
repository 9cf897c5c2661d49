//! Embeds every `rules/*.toml` file in the binary, so the built-in rule set needs no files at
//! run time. Each file is embedded twice: as written (for `rules check` and `rules explain`,
//! which need the examples), and pre-parsed to JSON without its examples, which loads several
//! times faster than TOML and keeps startup flat as the catalogue grows. A file that does not
//! parse is embedded as TOML only, so the run-time loader reports it with line and column.
use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let out_dir = env::var("OUT_DIR").unwrap();
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("rules/ directory")
        .map(|e| e.expect("rules/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// (file name, rules without examples as JSON if the file parses, the file as written)\n\
         pub(crate) static BUILTIN_RULE_FILES: &[(&str, Option<&str>, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        let text = fs::read_to_string(path).expect("rule file is UTF-8");
        let json = match toml::from_str::<toml::Table>(&text) {
            Ok(mut table) => {
                if let Some(toml::Value::Array(rules)) = table.get_mut("rules") {
                    for rule in rules.iter_mut() {
                        if let toml::Value::Table(rule) = rule {
                            rule.remove("positives");
                            rule.remove("negatives");
                        }
                    }
                }
                let json_path = Path::new(&out_dir).join(format!("{name}.json"));
                fs::write(&json_path, serde_json::to_string(&table).unwrap()).unwrap();
                format!("Some(include_str!({:?}))", json_path.display().to_string())
            }
            Err(_) => "None".to_string(),
        };
        out.push_str(&format!(
            "    ({name:?}, {json}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    fs::write(Path::new(&out_dir).join("builtin_rules.rs"), out).unwrap();
}
