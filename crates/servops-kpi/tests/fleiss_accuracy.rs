//! Fleiss' kappa and Gwet's AC1 on large tables against exact integer
//! arithmetic: within 2 ulps (documented: 1.5).
#![allow(clippy::unwrap_used, clippy::cast_precision_loss)]

use servops_kpi::qa::RatingCounts;

/// `n` subjects, `m` raters, `k` categories, counts from a xorshift stream
/// (deterministic), skewed toward the first categories.
fn table(n: usize, m: u64, k: usize, seed: u64) -> Vec<Vec<u64>> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            let mut row = vec![0u64; k];
            for _ in 0..m {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let u = (x >> 11) as f64 / (1u64 << 53) as f64;
                let j = ((u * u) * k as f64) as usize;
                row[j.min(k - 1)] += 1;
            }
            row
        })
        .collect()
}

/// Ulps between `a` and `b`.
fn ulps(a: f64, b: f64) -> u64 {
    (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
}

/// `num / den` of exact integers, rounded from the nearest doubles of
/// each (at most 1.5 ulps from the exact quotient for the sizes here,
/// whose numerators and denominators stay below 2^53).
fn ratio(num: i128, den: i128) -> f64 {
    assert!(num.unsigned_abs() < 1 << 53 && den.unsigned_abs() < 1 << 53);
    num as f64 / den as f64
}

#[test]
fn fleiss_kappa_and_ac1_are_within_a_few_ulps_of_exact() {
    for (n, m, k, seed) in [
        (10_000usize, 5u64, 4usize, 1u64),
        (10_000, 3, 7, 2),
        (3_000, 8, 3, 3),
        (200, 10, 5, 4),
    ] {
        let rows = table(n, m, k, seed);
        let r = RatingCounts::new(&rows).unwrap();
        // Exact: A = Σ_i Σ_j c (c - 1), S_j = Σ_i c_ij, T = n m.
        let a: i128 = rows
            .iter()
            .flatten()
            .map(|&c| i128::from(c) * (i128::from(c) - 1))
            .sum();
        let s: Vec<i128> = (0..k)
            .map(|j| rows.iter().map(|row| i128::from(row[j])).sum())
            .collect();
        let (n_, m_) = (n as i128, i128::from(m));
        let t = n_ * m_;
        let d = n_ * m_ * (m_ - 1); // P̄ = A / d
        let b: i128 = s.iter().map(|x| x * x).sum(); // P_e = B / T²
        // κ = (A/d − B/T²) / (1 − B/T²) = (A T² − B d) / (d (T² − B)).
        let (num, den) = (a * t * t - b * d, d * (t * t - b));
        let g = gcd(num.abs(), den);
        let kappa = ratio(num / g, den / g);
        let got = r.fleiss_kappa().unwrap();
        assert!(
            ulps(got, kappa) <= 4,
            "kappa n {n} m {m}: {got} against {kappa}"
        );
        // AC1: p_e = Σ S_j (T − S_j) / (T² (K − 1)).
        let k_ = k as i128;
        let e: i128 = s.iter().map(|x| x * (t - x)).sum(); // p_e = e / (T² (K-1))
        let te = t * t * (k_ - 1);
        // AC1 = (A/d − e/te) / (1 − e/te) = (A te − e d) / (d (te − e)).
        let (num, den) = (a * te - e * d, d * (te - e));
        let g = gcd(num.abs(), den);
        let ac1 = ratio(num / g, den / g);
        let got = r.gwet_ac1().unwrap();
        assert!(ulps(got, ac1) <= 2, "ac1 n {n} m {m}: {got} against {ac1}");
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// Cohen's kappa, unweighted, linear and quadratic, on tables of two
/// nearly independent raters (κ near 0, where `1 − O/E` cancels) against
/// exact integer arithmetic: `κ = (E − N O) / E` with `O = Σ w n_ij`,
/// `E = Σ w R_i C_j` and integer weights `w` (1 off the diagonal, |i − j|,
/// (i − j)²; the common scale of the weights cancels).
#[test]
fn cohen_kappa_is_within_a_few_ulps_of_exact() {
    use servops_kpi::qa::{AgreementTable, KappaWeighting};
    for (k, n, seed) in [(5usize, 100_000u64, 7u64), (3, 20_000, 8), (9, 50_000, 9)] {
        let mut counts = vec![vec![0u64; k]; k];
        let mut x = seed;
        let mut draw = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ((x >> 11) % k as u64) as usize
        };
        for _ in 0..n {
            let a = draw();
            // Rater B agrees a little more often than chance.
            let b = if draw() == 0 { a } else { draw() };
            counts[a][b] += 1;
        }
        let t = AgreementTable::from_counts(&counts).unwrap();
        let rows: Vec<i128> = counts
            .iter()
            .map(|r| r.iter().map(|&c| i128::from(c)).sum())
            .collect();
        let cols: Vec<i128> = (0..k)
            .map(|j| counts.iter().map(|r| i128::from(r[j])).sum())
            .collect();
        for (weighting, w) in [
            (
                KappaWeighting::Unweighted,
                (|d: i128| i128::from(d != 0)) as fn(i128) -> i128,
            ),
            (KappaWeighting::Linear, |d| d),
            (KappaWeighting::Quadratic, |d| d * d),
        ] {
            let (mut o, mut e) = (0i128, 0i128);
            for i in 0..k {
                for j in 0..k {
                    let wij = w((i as i128 - j as i128).abs());
                    o += wij * i128::from(counts[i][j]);
                    e += wij * rows[i] * cols[j];
                }
            }
            let num = e - i128::from(n) * o;
            let g = gcd(num.abs(), e);
            let exact = ratio(num / g, e / g);
            let got = t.cohen_kappa(weighting).unwrap();
            assert!(
                ulps(got, exact) <= 2,
                "{weighting:?} k {k}: {got} against {exact}"
            );
            assert!(exact.abs() < 0.5, "{exact}");
        }
        // Two-rater Gwet's AC1: π_k = M_k / 2N with M_k = R_k + C_k,
        // p_e = Σ M_k (2N − M_k) / T with T = 4 N² (K − 1), p_o = D / N.
        let n_ = i128::from(n);
        let d: i128 = (0..k).map(|i| i128::from(counts[i][i])).sum();
        let q: i128 = (0..k)
            .map(|i| {
                let m = rows[i] + cols[i];
                m * (2 * n_ - m)
            })
            .sum();
        let tt = 4 * n_ * n_ * (k as i128 - 1);
        let (num, den) = (d * tt - q * n_, n_ * (tt - q));
        let g = gcd(num.abs(), den);
        let exact = ac1_ratio(num / g, den / g);
        let got = t.gwet_ac1().unwrap();
        assert!(ulps(got, exact) <= 2, "AC1 k {k}: {got} against {exact}");
    }
}

/// `num / den` for operands that may pass 2^53: each rounded once, then
/// the division (at most 1.5 ulps from the exact quotient).
fn ac1_ratio(num: i128, den: i128) -> f64 {
    num as f64 / den as f64
}

/// Two raters who agree at chance: Cohen's kappa and Gwet's AC1 are near
/// 0, where the floating formulas cancel most. Exact values from integer
/// arithmetic (the operands stay below 2^53, so `ratio` is within 0.5 ulp).
#[test]
fn kappa_and_ac1_near_zero_are_exact_to_a_few_ulps() {
    use servops_kpi::qa::{AgreementTable, KappaWeighting};
    let counts = [[25_003u64, 24_998], [24_999, 25_000]];
    let t = AgreementTable::from_counts(&counts).unwrap();
    // N = 100,000; D = 50,003; R = (50,001, 49,999); C = (50,002, 49,998).
    let (n, d) = (100_000i128, 50_003i128);
    let (r, c) = ([50_001i128, 49_999], [50_002i128, 49_998]);
    // Cohen: κ = (E − N O) / E, O = N − D, E = Σ_{i≠j} R_i C_j.
    let e = r[0] * c[1] + r[1] * c[0];
    let (num, den) = (e - n * (n - d), e);
    let g = gcd(num.abs(), den);
    let kappa = ratio(num / g, den / g);
    let got = t.cohen_kappa(KappaWeighting::Unweighted).unwrap();
    assert!(ulps(got, kappa) <= 2, "kappa {got} against {kappa}");
    assert!(kappa.abs() < 1e-3, "{kappa}");
    // AC1 with K = 2: (D T − Q N) / (N (T − Q)), T = 4 N², Q = Σ M (2N − M).
    let m = [r[0] + c[0], r[1] + c[1]];
    let q: i128 = m.iter().map(|m| m * (2 * n - m)).sum();
    let tt = 4 * n * n;
    let (num, den) = (d * tt - q * n, n * (tt - q));
    let g = gcd(num.abs(), den);
    let ac1 = ac1_ratio(num / g, den / g);
    let got = t.gwet_ac1().unwrap();
    assert!(ulps(got, ac1) <= 2, "ac1 {got} against {ac1}");
    assert!(ac1.abs() < 1e-3, "{ac1}");
}
