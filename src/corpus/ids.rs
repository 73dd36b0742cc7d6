//! Document ids, unique within a run (docs/json-contract.md): a document's id is its file stem; where
//! stems collide, each of those documents takes the shortest tail of its path that no other of them
//! shares (`行政法/广告法` and `经济法/广告法`); where the paths differ only in their extension, the file
//! name with it (`a.txt`, `a.md`).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// The id of each path, in order; `paths` name different files.
pub fn unique_ids(paths: &[PathBuf]) -> Vec<String> {
    let mut ids: Vec<String> = paths.iter().map(|p| stem(p)).collect();
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        groups.entry(id.as_str()).or_default().push(i);
    }
    let mut renamed: Vec<(usize, String)> = Vec::new();
    for group in groups.values().filter(|g| g.len() > 1) {
        let without_ext: Vec<Vec<String>> =
            group.iter().map(|&i| parts(&paths[i], false)).collect();
        let with_ext: Vec<Vec<String>> = group.iter().map(|&i| parts(&paths[i], true)).collect();
        for (k, &i) in group.iter().enumerate() {
            let id = shortest_tail(k, &without_ext)
                .or_else(|| shortest_tail(k, &with_ext))
                .unwrap_or_else(|| paths[i].display().to_string());
            renamed.push((i, id));
        }
    }
    for (i, id) in renamed {
        ids[i] = id;
    }
    number_what_still_collides(&mut ids);
    ids
}

/// The file stem: `corpus/hangzhou-gongshu-2021.txt` → `hangzhou-gongshu-2021`.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The path's named components, `.` left out, the last one a stem unless `extension`.
fn parts(path: &Path, extension: bool) -> Vec<String> {
    let mut out: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            Component::Prefix(p) => Some(p.as_os_str().to_string_lossy().into_owned()),
            Component::RootDir | Component::CurDir => None,
        })
        .collect();
    if !extension {
        if let Some(last) = out.last_mut() {
            *last = stem(path);
        }
    }
    out
}

/// The last `n` parts (all of them when there are fewer), joined with `/`.
fn tail(parts: &[String], n: usize) -> String {
    parts[parts.len().saturating_sub(n)..].join("/")
}

/// The shortest tail of `all[k]` that differs from the tail of the same length of every other path.
fn shortest_tail(k: usize, all: &[Vec<String>]) -> Option<String> {
    let longest = all.iter().map(Vec::len).max().unwrap_or(0);
    (1..=longest).find_map(|n| {
        let mine = tail(&all[k], n);
        all.iter()
            .enumerate()
            .all(|(j, other)| j == k || tail(other, n) != mine)
            .then_some(mine)
    })
}

/// The last resort, for names that read the same (a lossy non-UTF-8 name, `a.md` beside a file whose
/// stem is `a.md`): ` (2)`, ` (3)` … after the second and later.
fn number_what_still_collides(ids: &mut [String]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for id in ids.iter() {
        *seen.entry(id.clone()).or_default() += 1;
    }
    if seen.values().all(|&n| n == 1) {
        return;
    }
    let mut used: std::collections::HashSet<String> = ids.iter().cloned().collect();
    let mut first = std::collections::HashSet::new();
    for id in ids.iter_mut() {
        if seen[id.as_str()] > 1 && !first.insert(id.clone()) {
            let mut n = 2;
            while used.contains(&format!("{id} ({n})")) {
                n += 1;
            }
            *id = format!("{id} ({n})");
            used.insert(id.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(paths: &[&str]) -> Vec<String> {
        unique_ids(&paths.iter().map(PathBuf::from).collect::<Vec<_>>())
    }

    #[test]
    fn stems_that_do_not_collide_are_the_ids() {
        assert_eq!(ids(&["corpus/a.txt", "other/b.md"]), ["a", "b"]);
    }

    #[test]
    fn colliding_stems_take_the_shortest_distinguishing_tail() {
        assert_eq!(
            ids(&[
                "laws/行政法/广告法.txt",
                "laws/经济法/广告法.txt",
                "laws/x/其他.txt"
            ]),
            ["行政法/广告法", "经济法/广告法", "其他"]
        );
        assert_eq!(
            ids(&["r.md", "x/a/r.txt", "y/a/r.txt", "z/r.md", "z/r.txt"]),
            ["r", "x/a/r", "y/a/r", "z/r.md", "z/r.txt"]
        );
        assert_eq!(ids(&["a.txt", "../x/a.txt"]), ["a", "x/a"]);
        assert_eq!(ids(&["./a.txt", "/abs/a.md"]), ["a", "abs/a"]);
    }

    #[test]
    fn ids_stay_unique_when_names_read_the_same() {
        assert_eq!(
            ids(&["a.md.txt", "x/a.md", "x/a.txt"]),
            ["a.md", "a.md (2)", "a.txt"]
        );
        assert_eq!(ids(&["a.txt", "a.txt"]), ["a.txt", "a.txt (2)"]);
    }
}
