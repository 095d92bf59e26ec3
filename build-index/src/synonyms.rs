//! The synonyms file: groups of phrases that a query may use for one
//! another. Stored folded in the manifest and applied at query time, so
//! changing it never needs the posts re-segmented.
//!
//! ```text
//! # comments and blank lines are ignored
//! k8s, kubernetes
//! 服务网格, service mesh
//! 告警, 报警
//! ```
//!
//! One group per line; phrases separated by commas (`,` or `，`). A phrase
//! may be several words. Matching ignores case and width and traditional
//! versus simplified characters, as search does.

use std::path::Path;

use crate::error::BuildError;

pub fn read(path: &Path) -> Result<Vec<Vec<String>>, BuildError> {
    parse(
        path,
        &crate::read::read_text(path, crate::read::MAX_POST_BYTES)?,
    )
}

pub fn parse(path: &Path, text: &str) -> Result<Vec<Vec<String>>, BuildError> {
    let mut groups = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut group: Vec<String> = Vec::new();
        for phrase in line.split([',', '，']) {
            let folded = xun::analysis::fold_simplified(phrase)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !folded.is_empty() && !group.contains(&folded) {
                group.push(folded);
            }
        }
        if group.len() < 2 {
            return Err(BuildError::Invalid {
                path: path.to_owned(),
                line: i + 1,
                message: "a synonym group needs two or more phrases separated by commas".to_owned(),
            });
        }
        groups.push(group);
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_folded_and_checked() {
        let path = Path::new("syn.txt");
        let text = "# demo\nK8s, Kubernetes\n\n服務網格，Service  Mesh\n";
        let groups = parse(path, text).unwrap();
        assert_eq!(
            groups,
            [vec!["k8s", "kubernetes"], vec!["服务网格", "service mesh"]]
        );
        let err = parse(path, "a, b\nlonely\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "syn.txt:2: a synonym group needs two or more phrases separated by commas"
        );
    }
}
