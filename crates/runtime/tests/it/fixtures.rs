//! The committed fixtures are the ones `make_fixtures.py` wrote (checksums pinned).

use sha2::{Digest, Sha256};

use crate::fixture;

#[test]
fn fixture_checksums_match_sha256sums() {
    let sums = std::fs::read_to_string(fixture("SHA256SUMS")).unwrap();
    let mut checked = 0;
    for line in sums.lines().filter(|l| !l.trim().is_empty()) {
        let (want, name) = line.split_once("  ").unwrap();
        let got = hex::encode(Sha256::digest(std::fs::read(fixture(name)).unwrap()));
        assert_eq!(
            got, want,
            "{name} differs from SHA256SUMS; rerun make_fixtures.py"
        );
        checked += 1;
    }
    assert_eq!(checked, 4);
}
