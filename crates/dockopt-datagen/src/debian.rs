//! The Debian bookworm package table: reads the dumped `Packages` index,
//! chooses the subset that the web build embeds, and renders both the subset
//! and the full universe in the compact format `dockopt-core` parses.
//!
//! The subset must give the same resolution as the full universe for every
//! combination of its seed packages. It is therefore a *superset* of anything
//! the core resolver could pick: for each dependency group it keeps every
//! alternative up to the first one that exists, and for a virtual name the
//! provider the resolver would pick when none is installed. Alternatives
//! after the first existing one are only chosen by the resolver when they
//! are already installed or selected, so they are in the subset already.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// One row of `debian-bookworm-packages.tsv.gz`, with the columns the
/// estimator needs.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: String,
    pub installed_kib: u64,
    pub deb_bytes: u64,
    pub priority: String,
    pub essential: bool,
    pub depends: String,
    pub pre_depends: String,
    pub recommends: String,
    pub provides: String,
}

impl Package {
    /// Whether every Debian image already has it: `Essential: yes` or
    /// `Priority: required` (../shared/data/README.md, column Priority).
    pub fn in_every_debian_image(&self) -> bool {
        self.essential || self.priority == "required"
    }
}

/// The whole universe, keyed by name (sorted, so output order is stable).
pub struct Universe {
    pub packages: BTreeMap<String, Package>,
    /// virtual name → providers, sorted by the same preference the core
    /// resolver uses (priority rank, then name).
    pub providers: BTreeMap<String, Vec<String>>,
}

/// Parses the tab-separated dump (header row first).
pub fn parse(text: &str) -> Result<Universe, String> {
    let mut lines = text.lines();
    let header = lines.next().ok_or("empty Debian table")?;
    let columns: Vec<&str> = header.split('\t').collect();
    let col = |name: &str| {
        columns
            .iter()
            .position(|c| *c == name)
            .ok_or_else(|| format!("Debian table has no column {name}"))
    };
    let (c_pkg, c_isz, c_dep, c_pre, c_rec, c_prov, c_size, c_prio, c_ess) = (
        col("Package")?,
        col("Installed-Size")?,
        col("Depends")?,
        col("Pre-Depends")?,
        col("Recommends")?,
        col("Provides")?,
        col("Size")?,
        col("Priority")?,
        col("Essential")?,
    );
    let mut packages = BTreeMap::new();
    for (number, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        let field = |i: usize| fields.get(i).copied().unwrap_or("");
        let name = field(c_pkg).to_string();
        if name.is_empty() {
            return Err(format!("Debian table line {}: no package name", number + 2));
        }
        let package = Package {
            installed_kib: field(c_isz).parse().unwrap_or(0),
            deb_bytes: field(c_size).parse().unwrap_or(0),
            priority: field(c_prio).to_string(),
            essential: field(c_ess) == "yes",
            depends: field(c_dep).to_string(),
            pre_depends: field(c_pre).to_string(),
            recommends: field(c_rec).to_string(),
            provides: field(c_prov).to_string(),
            name: name.clone(),
        };
        packages.insert(name, package);
    }
    let mut providers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for package in packages.values() {
        for virtual_name in split_list(&package.provides) {
            providers
                .entry(virtual_name.to_string())
                .or_default()
                .push(package.name.clone());
        }
    }
    for list in providers.values_mut() {
        list.sort_by(|a, b| {
            let rank = |n: &String| packages.get(n).map_or(9, |p| priority_rank(&p.priority));
            rank(a).cmp(&rank(b)).then_with(|| a.cmp(b))
        });
        list.dedup();
    }
    Ok(Universe {
        packages,
        providers,
    })
}

/// Lower is preferred. Mirrors `Priority::rank` in dockopt-core.
fn priority_rank(priority: &str) -> u8 {
    match priority {
        "required" => 0,
        "important" => 1,
        "standard" => 2,
        "optional" => 3,
        "extra" => 4,
        _ => 5,
    }
}

fn split_list(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').map(str::trim).filter(|s| !s.is_empty())
}

impl Universe {
    /// The packages the resolver could pick for one `a|b|c` group when none
    /// is installed: every alternative up to the first that exists, with a
    /// virtual name replaced by its preferred provider.
    fn candidates(&self, group: &str, out: &mut Vec<String>) {
        for alternative in group.split('|').map(str::trim) {
            if self.packages.contains_key(alternative) {
                out.push(alternative.to_string());
                return;
            }
            if let Some(first) = self.providers.get(alternative).and_then(|p| p.first()) {
                out.push(first.clone());
                return;
            }
        }
    }

    /// Depends + Pre-Depends + Recommends closure of `seeds` (explicit
    /// worklist, no recursion). Names that are not packages are ignored.
    pub fn closure(&self, seeds: &BTreeSet<String>) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut work: VecDeque<String> = VecDeque::new();
        for seed in seeds {
            let mut first = Vec::new();
            self.candidates(seed, &mut first);
            work.extend(first);
        }
        while let Some(name) = work.pop_front() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(package) = self.packages.get(&name) else {
                continue;
            };
            let mut next = Vec::new();
            for list in [&package.depends, &package.pre_depends, &package.recommends] {
                for group in split_list(list) {
                    self.candidates(group, &mut next);
                }
            }
            work.extend(next.into_iter().filter(|n| !seen.contains(n)));
        }
        seen
    }

    /// Renders rows for `names` (sorted) in the core's compact format:
    /// `name, installed KiB, flags, depends, pre-depends, recommends,
    /// provides`. Flags: priority initial (r/i/s/o/x/-), then `E` when
    /// Essential. Provides keeps only virtual names (names that are not also
    /// a real package): the resolver always prefers a real package, so the
    /// others never matter and only cost wasm bytes. The .deb size is left
    /// out for the same reason: Debian and Ubuntu images delete downloaded
    /// .debs (docker-clean apt hook), so nothing reads it.
    pub fn render_rows<'a>(&self, names: impl Iterator<Item = &'a String>, out: &mut String) {
        for name in names {
            let Some(p) = self.packages.get(name) else {
                continue;
            };
            let priority_flag = match p.priority.as_str() {
                "required" => 'r',
                "important" => 'i',
                "standard" => 's',
                "optional" => 'o',
                "extra" => 'x',
                _ => '-',
            };
            out.push_str(&p.name);
            out.push('\t');
            out.push_str(&p.installed_kib.to_string());
            out.push('\t');
            out.push(priority_flag);
            if p.essential {
                out.push('E');
            }
            for list in [&p.depends, &p.pre_depends, &p.recommends] {
                out.push('\t');
                out.push_str(list);
            }
            let virtual_names: Vec<&str> = split_list(&p.provides)
                .filter(|v| !self.packages.contains_key(*v))
                .collect();
            out.push('\t');
            out.push_str(&virtual_names.join(","));
            out.push('\n');
        }
    }
}
