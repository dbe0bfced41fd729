//! `RatingCounts` against a straightforward dense reference (one row of
//! `categories` counts per subject, summed in floating point as the
//! formulas read) on many random inputs: the same errors, and Fleiss' kappa
//! and Gwet's AC1 equal to 1e-9 (the crate computes both from exact integer
//! sums where they fit in `i128`, which the floating formulas only
//! approach; `tests/fleiss_accuracy.rs` checks those against exact values).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use servops_kpi::qa::{MAX_CATEGORIES, RatingCounts};

/// SplitMix64: a small deterministic generator, so that every run tests the
/// same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }
}

/// The dense reference: validates like the crate's documented rules and
/// returns (subjects, raters, Fleiss' kappa, AC1) or the error's message.
#[allow(clippy::type_complexity)]
fn dense_reference(rows: &[Vec<u64>]) -> Result<(usize, u64, Option<f64>, Option<f64>), String> {
    let first = rows
        .first()
        .ok_or("number of subjects must be >= 1, got 0")?;
    let k = first.len();
    if k == 0 {
        return Err("number of categories must be >= 1, got 0".into());
    }
    let overflow = "ratings per subject must be representable as u64, got overflow";
    let sum = |row: &[u64]| row.iter().try_fold(0u64, |a, &c| a.checked_add(c));
    let m = sum(first).ok_or(overflow)?;
    if m < 2 {
        return Err(format!("raters per subject must be >= 2, got {m}"));
    }
    for (i, row) in rows.iter().enumerate() {
        if row.len() != k {
            return Err(format!(
                "categories of subject {i}: expected {k}, got {}",
                row.len()
            ));
        }
        let s = sum(row).ok_or(overflow)?;
        if s != m {
            return Err(format!("ratings of subject {i}: expected {m}, got {s}"));
        }
    }
    // P̄ and p_j over the full dense table, in subject then category order.
    let (mf, n) = (m as f64, rows.len() as f64);
    let mut shares = vec![0.0; k];
    let mut agreement = 0.0;
    for row in rows {
        let mut pairs = 0.0;
        for &c in row {
            pairs += c as f64 * (c as f64 - 1.0);
        }
        agreement += pairs / (mf * (mf - 1.0));
        for (s, &c) in shares.iter_mut().zip(row) {
            *s += c as f64;
        }
    }
    for s in &mut shares {
        *s /= n * mf;
    }
    let p_bar = agreement / n;
    let fleiss = {
        let used = shares.iter().filter(|&&s| s > 0.0).count();
        let mut pe = 0.0;
        for s in &shares {
            pe += s * s;
        }
        (used >= 2 && pe < 1.0).then(|| (p_bar - pe) / (1.0 - pe))
    };
    let ac1 = if k < 2 {
        None
    } else {
        let mut pe = 0.0;
        for p in &shares {
            pe += p * (1.0 - p);
        }
        let pe = pe / (k - 1) as f64;
        (pe < 1.0).then(|| (p_bar - pe) / (1.0 - pe))
    };
    Ok((rows.len(), m, fleiss, ac1))
}

/// The dense reference of `from_ratings`: a dense row per subject.
#[allow(clippy::type_complexity)]
fn dense_from_ratings(
    ratings: &[Vec<usize>],
    k: usize,
) -> Result<(usize, u64, Option<f64>, Option<f64>), String> {
    if k == 0 || k > MAX_CATEGORIES {
        return Err(format!(
            "number of categories must be between 1 and 4096, got {k}"
        ));
    }
    let mut rows = Vec::new();
    for subject in ratings {
        let mut row = vec![0u64; k];
        for &c in subject {
            if c >= k {
                return Err(format!(
                    "category index must be below the number of categories, got {c}"
                ));
            }
            row[c] += 1;
        }
        rows.push(row);
    }
    dense_reference(&rows)
}

#[allow(clippy::type_complexity)]
fn observed(r: &servops_kpi::Result<RatingCounts>) -> Stats {
    match r {
        Ok(r) => Ok((
            r.subjects(),
            r.raters_per_subject(),
            r.fleiss_kappa(),
            r.gwet_ac1(),
        )),
        Err(e) => Err(e.to_string()),
    }
}

#[allow(clippy::type_complexity)]
type Stats = Result<(usize, u64, Option<f64>, Option<f64>), String>;

/// The same errors, subjects and raters, and statistics present together
/// and equal to 1e-9.
fn same(got: &Stats, want: &Stats) -> bool {
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9,
        (None, None) => true,
        _ => false,
    };
    match (got, want) {
        (Ok((n, m, f, a)), Ok((n2, m2, f2, a2))) => {
            n == n2 && m == m2 && close(*f, *f2) && close(*a, *a2)
        }
        (Err(e), Err(e2)) => e == e2,
        _ => false,
    }
}

#[test]
fn from_ratings_matches_the_dense_reference() {
    let mut rng = Rng(0x5eed_0001);
    let (mut ok, mut some_kappa) = (0, 0);
    for case in 0..6000 {
        let k = match rng.below(10) {
            0 => MAX_CATEGORIES - rng.below(3) as usize,
            1 => MAX_CATEGORIES + 1,
            2 => 0,
            3 => 1,
            _ => 2 + rng.below(12) as usize,
        };
        let subjects = rng.below(30) as usize;
        let raters = rng.below(7) as usize;
        let used = 1 + rng.below(k.clamp(1, 12) as u64) as usize;
        let ratings: Vec<Vec<usize>> = (0..subjects)
            .map(|_| {
                let m = if rng.chance(40) { raters + 1 } else { raters };
                (0..m)
                    .map(|_| {
                        if rng.chance(300) {
                            k + rng.below(3) as usize
                        } else if k > 12 && rng.chance(2) {
                            // spread over the whole range too
                            rng.below(k as u64) as usize
                        } else {
                            rng.below(used as u64) as usize
                        }
                    })
                    .collect()
            })
            .collect();
        let want = dense_from_ratings(&ratings, k);
        let got = observed(&RatingCounts::from_ratings(&ratings, k));
        assert!(
            same(&got, &want),
            "case {case}: k = {k}, ratings = {ratings:?}: {got:?} against {want:?}"
        );
        if let Ok((_, _, f, _)) = want {
            ok += 1;
            some_kappa += usize::from(f.is_some());
        }
    }
    // The generator reaches both the errors and the statistics.
    assert!(ok > 1500 && some_kappa > 1000, "{ok} {some_kappa}");
}

#[test]
fn new_matches_the_dense_reference() {
    let mut rng = Rng(0x5eed_0002);
    let mut ok = 0;
    for case in 0..6000 {
        let k = rng.below(8) as usize + usize::from(!rng.chance(50));
        let subjects = rng.below(20) as usize;
        let huge = rng.chance(4);
        let m: u64 = if huge {
            // counts past 2^53, so that summing order shows in the last bits
            (1u64 << 60) + rng.below(1 << 20)
        } else {
            rng.below(9)
        };
        let rows: Vec<Vec<u64>> = (0..subjects)
            .map(|_| {
                let mut row = vec![0u64; k];
                let mut left = if rng.chance(40) { m + 1 } else { m };
                // zeros between the counts, as the sparse form skips them
                for (j, slot) in row.iter_mut().enumerate() {
                    if left == 0 {
                        break;
                    }
                    let c = if j + 1 == k || rng.chance(3) {
                        left
                    } else if rng.chance(2) {
                        0
                    } else {
                        rng.below(left + 1)
                    };
                    *slot = c;
                    left -= c;
                }
                if rng.chance(100) && k > 0 {
                    row[0] = u64::MAX;
                }
                if rng.chance(100) {
                    row.push(0);
                }
                row
            })
            .collect();
        let want = dense_reference(&rows);
        let got = observed(&RatingCounts::new(&rows));
        assert!(
            same(&got, &want),
            "case {case}: rows = {rows:?}: {got:?} against {want:?}"
        );
        ok += usize::from(want.is_ok());
    }
    assert!(ok > 2000, "{ok}");
}
