//! Intraday reforecast on any day-level variance, within-day noise,
//! half-life, forecasts and actuals: never a panic; a valid input gives a
//! finite level factor >= 0 that lies between 1 and the plain ratio
//! `ΣA / ΣF` (the shrinkage never overshoots; relative slack 1e-9, absolute
//! 1e-300 for subnormal results), and `update` keeps the
//! completed intervals and scales the rest by that factor.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use servops_forecast::Reforecast;

#[derive(Debug, Arbitrary)]
struct Input {
    tau2: Option<f64>,
    psi: f64,
    half_life: Option<f64>,
    day: Vec<(f64, f64)>,
    done: u8,
}

fuzz_target!(|inp: Input| {
    let base = match inp.tau2 {
        Some(t) => match Reforecast::new(t, inp.psi) {
            Ok(r) => r,
            Err(_) => {
                assert!(!(t.is_finite() && t >= 0.0 && inp.psi.is_finite() && inp.psi >= 0.0));
                return;
            }
        },
        None => Reforecast::plain_ratio(),
    };
    let r = match inp.half_life {
        Some(h) => match base.with_half_life(h) {
            Ok(r) => r,
            Err(_) => {
                assert!(!(h.is_finite() && h > 0.0));
                return;
            }
        },
        None => base,
    };
    let day = &inp.day[..inp.day.len().min(400)];
    let forecast: Vec<f64> = day.iter().map(|p| p.0).collect();
    let n = usize::from(inp.done).min(day.len());
    let actual: Vec<f64> = day[..n].iter().map(|p| p.1).collect();
    let ok = |x: &f64| x.is_finite() && *x >= 0.0;
    let valid = forecast[..n].iter().all(ok) && actual.iter().all(ok);
    match r.factor(&forecast[..n], &actual) {
        Ok(k) => {
            assert!(valid);
            assert!(k.is_finite() && k >= 0.0, "{k}");
            let (f, a): (f64, f64) = (forecast[..n].iter().sum(), actual.iter().sum());
            if r.half_life().is_none() && f > 0.0 && f.is_finite() && a.is_finite() {
                let ratio = a / f;
                if ratio.is_finite() {
                    let (lo, hi) = (ratio.min(1.0), ratio.max(1.0));
                    assert!(
                        k >= lo * (1.0 - 1e-9) - 1e-300 && k <= hi * (1.0 + 1e-9) + 1e-300,
                        "{k} {ratio}"
                    );
                }
            }
            if let Ok(out) = r.update(&forecast, &actual) {
                assert_eq!(out.len(), forecast.len());
                for (i, (o, x)) in out.iter().zip(&forecast).enumerate() {
                    if i < n {
                        assert_eq!(o.to_bits(), x.to_bits());
                    } else {
                        assert_eq!(o.to_bits(), (x * k).to_bits());
                    }
                }
            } else {
                assert!(!forecast[n..].iter().all(ok));
            }
        }
        Err(_) => {}
    }
});
