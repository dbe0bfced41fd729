//! Control-chart constants d2, d3, c4 and the limit factors built from them.

use crate::{Error, Result};

/// `(d2, d3)` for subgroup sizes 2 to 25, to 10 decimals.
///
/// d2 is the mean and d3 the standard deviation of the range of `n`
/// independent standard normal variables. The values were computed by
/// numerical integration of the distribution of the range (Tippett 1925;
/// Harter 1960) in `tests/data/spc_qa/gen_reference.py`; rounded to three
/// decimals they equal Montgomery's Appendix VI and ASTM MNL 7.
const D2_D3: [(f64, f64); 24] = [
    (std::f64::consts::FRAC_2_SQRT_PI, 0.852_502_466_4), // n = 2: d2 = 2/√π exactly
    (1.692_568_750_6, 0.888_368_004_0),                  // n = 3
    (2.058_750_746_0, 0.879_808_202_8),                  // n = 4
    (2.325_928_947_3, 0.864_081_941_1),                  // n = 5
    (2.534_412_721_2, 0.848_039_686_1),                  // n = 6
    (2.704_356_751_2, 0.833_205_335_6),                  // n = 7
    (2.847_200_612_1, 0.819_831_489_8),                  // n = 8
    (2.970_026_324_4, 0.807_834_274_6),                  // n = 9
    (3.077_505_461_7, 0.797_050_673_5),                  // n = 10
    (3.172_872_703_8, 0.787_314_620_6),                  // n = 11
    (3.258_455_279_7, 0.778_478_341_2),                  // n = 12
    (3.335_980_354_1, 0.770_416_202_1),                  // n = 13
    (3.406_763_108_2, 0.763_023_095_6),                  // n = 14
    (3.471_826_889_9, 0.756_211_429_7),                  // n = 15
    (3.531_982_786_1, 0.749_908_089_4),                  // n = 16
    (3.587_883_961_8, 0.744_051_784_0),                  // n = 17
    (3.640_063_757_9, 0.738_590_853_4),                  // n = 18
    (3.688_963_023_2, 0.733_481_495_5),                  // n = 19
    (3.734_950_119_6, 0.728_686_345_7),                  // n = 20
    (3.778_335_829_8, 0.724_173_340_7),                  // n = 21
    (3.819_384_643_4, 0.719_914_808_4),                  // n = 22
    (3.858_323_423_3, 0.715_886_735_5),                  // n = 23
    (3.895_348_148_5, 0.712_068_175_1),                  // n = 24
    (3.930_629_219_5, 0.708_440_765_9),                  // n = 25
];

/// The largest subgroup size with tabulated d2 and d3 (and so the largest
/// subgroup an X-bar/R chart accepts; use X-bar/S beyond it).
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::{ChartConstants, MAX_RANGE_SUBGROUP};
/// assert!(ChartConstants::for_subgroup_size(MAX_RANGE_SUBGROUP)?.d2().is_some());
/// assert!(ChartConstants::for_subgroup_size(MAX_RANGE_SUBGROUP + 1)?.d2().is_none());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
pub const MAX_RANGE_SUBGROUP: usize = 25;

/// Above this subgroup size c4 comes from its asymptotic series.
const C4_RECURRENCE_LIMIT: usize = 2_000;

/// c4(n) = sqrt(2/(n-1)) * Γ(n/2) / Γ((n-1)/2), computed exactly through the
/// recurrence r(n) r(n+1) = (n-1)/2 of r(n) = Γ(n/2)/Γ((n-1)/2), r(2) = 1/sqrt(π).
///
/// Requires `n >= 2` (checked by the callers).
pub(crate) fn c4_unchecked(n: usize) -> f64 {
    if n > C4_RECURRENCE_LIMIT {
        // Asymptotic series c4 = 1 - 1/(4n) - 7/(32n^2) - 19/(128n^3) + O(n^-4);
        // the omitted term is below 1e-12 here.
        let x = 1.0 / n as f64;
        return 1.0 - x / 4.0 - 7.0 * x * x / 32.0 - 19.0 * x * x * x / 128.0;
    }
    // r(n) for even and odd n by alternating the recurrence; both the
    // product and the ratio form stay well scaled for large n.
    let mut r = 1.0 / std::f64::consts::PI.sqrt(); // r(2)
    let mut m = 2usize;
    while m < n {
        r = ((m as f64 - 1.0) / 2.0) / r; // r(m+1)
        m += 1;
    }
    (2.0 / (n as f64 - 1.0)).sqrt() * r
}

/// The constants of Shewhart variables charts for one subgroup size.
///
/// | constant | meaning |
/// |---|---|
/// | d2 | E(R)/σ, mean range of `n` standard normals |
/// | d3 | sd(R)/σ |
/// | c4 | E(s)/σ, bias of the sample standard deviation |
/// | A2 | 3/(d2 √n): X-bar limits from R-bar |
/// | A3 | 3/(c4 √n): X-bar limits from s-bar |
/// | B3, B4 | max(0, 1 − 3√(1−c4²)/c4), 1 + 3√(1−c4²)/c4: S-chart limits |
/// | D3, D4 | max(0, 1 − 3 d3/d2), 1 + 3 d3/d2: R-chart limits |
///
/// # Formula
///
/// d2 and d3 are tabulated for `2 <= n <= 25` (10 decimals, computed by
/// numerical integration of the range distribution); c4 is computed exactly
/// from the gamma-function ratio for any `n >= 2`, so A3, B3 and B4 exist
/// for every subgroup size while d2, d3, A2, D3 and D4 are `None` above 25.
///
/// # Errors
///
/// [`Error::InvalidParameter`] when `n < 2`.
///
/// # Accuracy
///
/// d2, d3 to 1e-9 (the tabulation); c4 to a few ulps.
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::ChartConstants;
///
/// let k = ChartConstants::for_subgroup_size(5)?;
/// assert!((k.a2().unwrap() - 0.577).abs() < 5e-4);
/// assert!((k.big_d4().unwrap() - 2.114).abs() < 1e-3);
/// assert!((k.c4() - 0.9400).abs() < 1e-4);
/// assert!(ChartConstants::for_subgroup_size(40)?.d2().is_none());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Montgomery, D. C. (2009). *Introduction to Statistical Quality Control*,
/// 6th ed., Appendix VI. ASTM (2010). *Manual on Presentation of Data and
/// Control Chart Analysis* (MNL 7A).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartConstants {
    n: usize,
    d2: Option<f64>,
    d3: Option<f64>,
    c4: f64,
}

impl ChartConstants {
    /// The constants for subgroups of `n` observations.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `n < 2`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ChartConstants;
    ///
    /// let k = ChartConstants::for_subgroup_size(2)?;
    /// assert!((k.d2().unwrap() - 1.128).abs() < 1e-3);
    /// assert!(ChartConstants::for_subgroup_size(1).is_err());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn for_subgroup_size(n: usize) -> Result<Self> {
        if n < 2 {
            return Err(Error::InvalidParameter {
                name: "subgroup size",
                value: n.to_string(),
                constraint: ">= 2",
            });
        }
        let pair = D2_D3.get(n - 2).copied();
        Ok(Self {
            n,
            d2: pair.map(|p| p.0),
            d3: pair.map(|p| p.1),
            c4: c4_unchecked(n),
        })
    }

    /// The subgroup size.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ChartConstants;
    /// assert_eq!(ChartConstants::for_subgroup_size(4)?.subgroup_size(), 4);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn subgroup_size(&self) -> usize {
        self.n
    }

    /// d2: the mean range of `n` standard normals (`None` for `n > 25`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ChartConstants;
    /// assert!((ChartConstants::for_subgroup_size(10)?.d2().unwrap() - 3.078).abs() < 1e-3);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn d2(&self) -> Option<f64> {
        self.d2
    }

    /// d3: the standard deviation of that range (`None` for `n > 25`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ChartConstants;
    /// assert!((ChartConstants::for_subgroup_size(2)?.d3().unwrap() - 0.853).abs() < 1e-3);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn d3(&self) -> Option<f64> {
        self.d3
    }

    /// c4: E(s)/σ for samples of `n` normal observations.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ChartConstants;
    /// assert!((ChartConstants::for_subgroup_size(2)?.c4() - 0.7979).abs() < 1e-4);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn c4(&self) -> f64 {
        self.c4
    }

    /// A2 = 3 / (d2 √n) (`None` for `n > 25`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ChartConstants;
    /// assert!((ChartConstants::for_subgroup_size(2)?.a2().unwrap() - 1.880).abs() < 1e-3);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn a2(&self) -> Option<f64> {
        self.d2.map(|d2| 3.0 / (d2 * (self.n as f64).sqrt()))
    }

    /// A3 = 3 / (c4 √n).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ChartConstants;
    /// assert!((ChartConstants::for_subgroup_size(5)?.a3() - 1.427).abs() < 1e-3);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn a3(&self) -> f64 {
        3.0 / (self.c4 * (self.n as f64).sqrt())
    }

    /// B3 = max(0, 1 − 3 √(1 − c4²) / c4).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ChartConstants;
    /// assert_eq!(ChartConstants::for_subgroup_size(5)?.b3(), 0.0);
    /// assert!((ChartConstants::for_subgroup_size(10)?.b3() - 0.284).abs() < 1e-3);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn b3(&self) -> f64 {
        (1.0 - self.s_spread()).max(0.0)
    }

    /// B4 = 1 + 3 √(1 − c4²) / c4.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ChartConstants;
    /// assert!((ChartConstants::for_subgroup_size(5)?.b4() - 2.089).abs() < 1e-3);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn b4(&self) -> f64 {
        1.0 + self.s_spread()
    }

    /// D3 (capital D) = max(0, 1 − 3 d3/d2) (`None` for `n > 25`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ChartConstants;
    /// assert_eq!(ChartConstants::for_subgroup_size(5)?.big_d3(), Some(0.0));
    /// assert!((ChartConstants::for_subgroup_size(10)?.big_d3().unwrap() - 0.223).abs() < 1e-3);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn big_d3(&self) -> Option<f64> {
        self.r_spread().map(|s| (1.0 - s).max(0.0))
    }

    /// D4 (capital D) = 1 + 3 d3/d2 (`None` for `n > 25`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ChartConstants;
    /// assert!((ChartConstants::for_subgroup_size(2)?.big_d4().unwrap() - 3.267).abs() < 1e-3);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn big_d4(&self) -> Option<f64> {
        self.r_spread().map(|s| 1.0 + s)
    }

    fn s_spread(&self) -> f64 {
        3.0 * (1.0 - self.c4 * self.c4).max(0.0).sqrt() / self.c4
    }

    fn r_spread(&self) -> Option<f64> {
        match (self.d2, self.d3) {
            (Some(d2), Some(d3)) => Some(3.0 * d3 / d2),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c4_closed_forms() {
        // c4(2) = sqrt(2/pi), c4(3) = sqrt(pi)/2.
        assert!((c4_unchecked(2) - (2.0 / std::f64::consts::PI).sqrt()).abs() < 1e-15);
        assert!((c4_unchecked(3) - std::f64::consts::PI.sqrt() / 2.0).abs() < 1e-15);
        // c4 -> 1 and stays finite for large n.
        let big = c4_unchecked(100_000);
        assert!(big < 1.0 && big > 0.99999);
        // The series and the recurrence agree where they meet.
        let exact = c4_unchecked(C4_RECURRENCE_LIMIT);
        let x = 1.0 / C4_RECURRENCE_LIMIT as f64;
        let series = 1.0 - x / 4.0 - 7.0 * x * x / 32.0 - 19.0 * x * x * x / 128.0;
        assert!((exact - series).abs() < 1e-12, "{exact} vs {series}");
    }

    #[test]
    fn d2_d3_for_two_match_closed_forms() {
        let (d2, d3) = D2_D3[0];
        assert!((d2 - 2.0 / std::f64::consts::PI.sqrt()).abs() < 1e-9);
        assert!((d3 - (2.0 - 4.0 / std::f64::consts::PI).sqrt()).abs() < 1e-9);
    }
}
