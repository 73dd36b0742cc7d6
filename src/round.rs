//! Rounding of the scores, shares and rates written to JSON, so that printing is stable and readable. Every
//! rounded number of the output goes through [`round_to`].

/// `x` rounded to `places` decimals (half away from zero).
pub fn round_to(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}

/// `x` rounded to four decimals: similarity scores, shares, rates per year.
pub fn round4(x: f64) -> f64 {
    round_to(x, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero_to_the_places_asked() {
        assert_eq!(round4(0.123_45), 0.1235);
        assert_eq!(round4(2.0 / 3.0), 0.6667);
        assert_eq!(round4(-0.000_05), -0.0001);
        assert_eq!(round4(24.0), 24.0);
        assert_eq!(round_to(0.3335, 3), 0.334);
        assert_eq!(round_to(1.25, 1), 1.3);
        // The same as scaling by the literal power of ten.
        for i in 0..10_000 {
            let x = i as f64 / 7_777.0;
            assert_eq!(round4(x), (x * 10_000.0).round() / 10_000.0);
            assert_eq!(round_to(x, 3), (x * 1000.0).round() / 1000.0);
        }
    }
}
