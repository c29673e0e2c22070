//! MITRE ATT&CK ids between the file's one list and the API's two.
//!
//! Rule files list techniques and sub-techniques together in `relevantTechniques`
//! (`[T1071.001, T1573]`); the API refuses a dotted id in `techniques` and wants it in
//! `subTechniques`, with the parent listed in `techniques` (Azure/Azure-Sentinel issue #8960).

/// The API's two lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Split {
    /// Parent techniques, in first-seen order, no duplicates, never a dotted id.
    pub techniques: Vec<String>,
    /// Sub-techniques, in first-seen order, no duplicates.
    pub sub_techniques: Vec<String>,
}

/// The technique part of a sub-technique id (`T1071.001` -> `T1071`).
pub fn parent(id: &str) -> &str {
    id.split_once('.').map_or(id, |(parent, _)| parent)
}

/// Splits `relevantTechniques` into `techniques` and `subTechniques`.
pub fn split<'a>(ids: impl IntoIterator<Item = &'a str>) -> Split {
    let mut out = Split::default();
    for id in ids.into_iter().map(str::trim).filter(|id| !id.is_empty()) {
        push_unique(&mut out.techniques, parent(id));
        if id.contains('.') {
            push_unique(&mut out.sub_techniques, id);
        }
    }
    out
}

/// Merges the API's lists back into one `relevantTechniques`: each parent followed by its
/// sub-techniques; a sub-technique whose parent is missing brings the parent along.
pub fn merge(techniques: &[String], sub_techniques: &[String]) -> Vec<String> {
    let mut parents: Vec<&str> = Vec::new();
    for id in techniques.iter().map(String::as_str).chain(sub_techniques.iter().map(|s| parent(s)))
    {
        if !parents.contains(&id) {
            parents.push(id);
        }
    }
    let mut out = Vec::new();
    for parent_id in parents {
        push_unique(&mut out, parent_id);
        for sub in sub_techniques.iter().filter(|s| s.contains('.') && parent(s) == parent_id) {
            push_unique(&mut out, sub);
        }
    }
    out
}

fn push_unique(list: &mut Vec<String>, id: &str) {
    if !list.iter().any(|existing| existing == id) {
        list.push(id.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn sub_technique_brings_its_parent_without_duplicates() {
        let split = split(["T1071.001", "T1573", "T1071", "T1071.001"]);
        assert_eq!(split.techniques, ["T1071", "T1573"]);
        assert_eq!(split.sub_techniques, ["T1071.001"]);
    }

    #[test]
    fn merge_puts_each_parent_first() {
        let merged = merge(&strings(&["T1098"]), &strings(&["T1098.003"]));
        assert_eq!(merged, ["T1098", "T1098.003"]);
        let orphan = merge(&strings(&["T1573"]), &strings(&["T1071.001"]));
        assert_eq!(orphan, ["T1573", "T1071", "T1071.001"]);
    }

    #[test]
    fn split_then_merge_keeps_the_set() {
        let split = split(["T1071.001", "T1573"]);
        assert_eq!(
            merge(&split.techniques, &split.sub_techniques),
            ["T1071", "T1071.001", "T1573"]
        );
    }
}
