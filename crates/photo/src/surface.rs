//! A backdrop as a smooth surface. Studio backdrops run from light grey to white across the
//! frame (a gradient) and darken towards the corners (a vignette); a wall lit from one side does
//! the same. A quadratic surface v = a + b·x + c·y + d·x² + e·y² (x, y scaled to 0–1) fitted by
//! least squares explains those; a shadow, a door frame or an object beside the head has edges
//! it cannot explain, which is what the checks judge.

/// Fitted coefficients of one value (a channel or the luminance) over the picture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Surface {
    coef: [f64; 5],
    width: f64,
    height: f64,
}

fn terms(x: f64, y: f64) -> [f64; 5] {
    [1.0, x, y, x * x, y * y]
}

impl Surface {
    /// Least-squares fit to samples (x, y, value) in pixels of a `width × height` picture.
    /// `None` with too few samples or when they cannot fix the surface (all on one line).
    // i < 5 and j < 5 index the 5 terms and the [[f64; 6]; 5] matrix; 5 is its last column.
    #[allow(clippy::indexing_slicing)]
    pub fn fit(samples: &[(f64, f64, f64)], width: f64, height: f64) -> Option<Surface> {
        if samples.len() < 16 || width <= 0.0 || height <= 0.0 {
            return None;
        }
        let mut m = [[0.0f64; 6]; 5];
        for &(x, y, v) in samples {
            let t = terms(x / width, y / height);
            for (i, row) in m.iter_mut().enumerate() {
                for (j, cell) in row.iter_mut().take(5).enumerate() {
                    *cell += t[i] * t[j];
                }
                row[5] += t[i] * v;
            }
        }
        // A tiny ridge keeps directions the samples do not span (e.g. y² over a thin strip)
        // near zero instead of undetermined.
        for (i, row) in m.iter_mut().enumerate().skip(1) {
            row[i] += 1e-6 * samples.len() as f64;
        }
        solve(m).map(|coef| Surface {
            coef,
            width,
            height,
        })
    }

    pub fn at(&self, x: f64, y: f64) -> f64 {
        let t = terms(x / self.width, y / self.height);
        self.coef.iter().zip(t).map(|(c, t)| c * t).sum()
    }

    /// Root-mean-square of what the surface leaves unexplained in `samples`.
    pub fn residual(&self, samples: &[(f64, f64, f64)]) -> f64 {
        let n = samples.len().max(1) as f64;
        (samples
            .iter()
            .map(|&(x, y, v)| (v - self.at(x, y)).powi(2))
            .sum::<f64>()
            / n)
            .sqrt()
    }

    /// How much the surface changes across the picture's top band (the visible gradient).
    pub fn rise(&self) -> f64 {
        let ys = [0.0, 0.15 * self.height];
        let xs = [0.0, 0.5 * self.width, self.width];
        let values: Vec<f64> = ys
            .iter()
            .flat_map(|&y| xs.iter().map(move |&x| (x, y)))
            .map(|(x, y)| self.at(x, y))
            .collect();
        let max = values.iter().copied().fold(f64::MIN, f64::max);
        let min = values.iter().copied().fold(f64::MAX, f64::min);
        max - min
    }
}

/// Gauss–Jordan elimination with partial pivoting on a 5×5 system (augmented).
// Every index is a loop variable below 5 into [[f64; 6]; 5], or the constant 5 < 6.
#[allow(clippy::indexing_slicing)]
fn solve(mut m: [[f64; 6]; 5]) -> Option<[f64; 5]> {
    for col in 0..5 {
        let pivot = (col..5).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-12 {
            return None;
        }
        m.swap(col, pivot);
        let p = m[col];
        for (r, row) in m.iter_mut().enumerate() {
            if r != col {
                let k = row[col] / p[col];
                for (cell, pv) in row.iter_mut().zip(p) {
                    *cell -= k * pv;
                }
            }
        }
    }
    let mut out = [0.0; 5];
    for (i, o) in out.iter_mut().enumerate() {
        *o = m[i][5] / m[i][i];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vignette_is_explained_and_a_step_is_not() {
        let (w, h) = (260.0, 360.0);
        let vignette =
            |x: f64, y: f64| 250.0 - 60.0 * ((x / w - 0.5).powi(2) + (y / h - 0.3).powi(2));
        let grid: Vec<(f64, f64)> = (0..40)
            .flat_map(|i| (0..12).map(move |j| (f64::from(i) * 6.5, f64::from(j) * 4.0)))
            .collect();
        let smooth: Vec<_> = grid.iter().map(|&(x, y)| (x, y, vignette(x, y))).collect();
        let s = Surface::fit(&smooth, w, h).unwrap_or_else(|| panic!("fits"));
        assert!(s.residual(&smooth) < 0.5, "{}", s.residual(&smooth));
        assert!((s.at(130.0, 20.0) - vignette(130.0, 20.0)).abs() < 1.0);
        let step: Vec<_> = grid
            .iter()
            .map(|&(x, y)| (x, y, if x < 60.0 { 170.0 } else { 245.0 }))
            .collect();
        let s = Surface::fit(&step, w, h).unwrap_or_else(|| panic!("fits"));
        assert!(s.residual(&step) > 10.0, "{}", s.residual(&step));
    }

    #[test]
    fn too_few_or_degenerate_samples_give_none() {
        assert_eq!(Surface::fit(&[(1.0, 1.0, 3.0); 4], 10.0, 10.0), None);
    }
}
