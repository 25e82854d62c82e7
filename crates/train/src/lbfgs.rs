//! A small L-BFGS minimiser with a backtracking (Armijo) line search, for the smooth convex
//! objectives of linear and logistic models. Written here because it is ~100 lines and the
//! crates that have one (argmin, linfa) would pull large dependency trees for it.

/// Stopping rules.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// Most iterations.
    pub max_iter: usize,
    /// Stop when the gradient's max-norm falls below this.
    pub tol: f64,
    /// Correction pairs kept.
    pub memory: usize,
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Minimises `f` from `x`, in place. `f(x, grad)` returns the value and writes the gradient.
/// `each(iteration, value, x)` runs after every iteration and may stop the run by returning false.
pub(crate) fn minimise(
    x: &mut [f64],
    f: &dyn Fn(&[f64], &mut [f64]) -> f64,
    opts: Options,
    each: &mut dyn FnMut(usize, f64, &[f64]) -> bool,
) -> f64 {
    let d = x.len();
    let mut g = vec![0.0; d];
    let mut fx = f(x, &mut g);
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut new_x = vec![0.0; d];
    let mut new_g = vec![0.0; d];
    for it in 0..opts.max_iter {
        if g.iter().fold(0.0f64, |m, v| m.max(v.abs())) < opts.tol {
            break;
        }
        // Two-loop recursion: direction = -H·g.
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(s_hist.len());
        for (s, y) in s_hist.iter().zip(&y_hist).rev() {
            let a = dot(s, &q) / dot(y, s);
            for (qi, yi) in q.iter_mut().zip(y) {
                *qi -= a * yi;
            }
            alphas.push(a);
        }
        if let (Some(s), Some(y)) = (s_hist.last(), y_hist.last()) {
            let gamma = dot(s, y) / dot(y, y);
            for qi in &mut q {
                *qi *= gamma;
            }
        }
        for ((s, y), a) in s_hist.iter().zip(&y_hist).zip(alphas.iter().rev()) {
            let b = dot(y, &q) / dot(y, s);
            for (qi, si) in q.iter_mut().zip(s) {
                *qi += si * (a - b);
            }
        }
        let mut dir: Vec<f64> = q.iter().map(|v| -v).collect();
        let mut slope = dot(&g, &dir);
        if slope >= 0.0 {
            // Not a descent direction (curvature noise): fall back to steepest descent.
            dir = g.iter().map(|v| -v).collect();
            slope = dot(&g, &dir);
            s_hist.clear();
            y_hist.clear();
        }
        let mut step = if s_hist.is_empty() {
            1.0 / g.iter().map(|v| v.abs()).fold(1.0, f64::max)
        } else {
            1.0
        };
        let mut accepted = false;
        for _ in 0..40 {
            for i in 0..d {
                new_x[i] = x[i] + step * dir[i];
            }
            let fnew = f(&new_x, &mut new_g);
            if fnew <= fx + 1e-4 * step * slope {
                let s: Vec<f64> = (0..d).map(|i| new_x[i] - x[i]).collect();
                let y: Vec<f64> = (0..d).map(|i| new_g[i] - g[i]).collect();
                if dot(&s, &y) > 1e-12 {
                    s_hist.push(s);
                    y_hist.push(y);
                    if s_hist.len() > opts.memory {
                        s_hist.remove(0);
                        y_hist.remove(0);
                    }
                }
                let improvement = fx - fnew;
                x.copy_from_slice(&new_x);
                g.copy_from_slice(&new_g);
                fx = fnew;
                accepted = improvement > 1e-14 * fx.abs().max(1.0);
                break;
            }
            step *= 0.5;
        }
        if !each(it, fx, x) || !accepted {
            break;
        }
    }
    fx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimises_a_quadratic() {
        let f = |x: &[f64], g: &mut [f64]| {
            g[0] = 2.0 * (x[0] - 3.0);
            g[1] = 20.0 * (x[1] + 1.0);
            (x[0] - 3.0).powi(2) + 10.0 * (x[1] + 1.0).powi(2)
        };
        let mut x = vec![0.0, 0.0];
        let opts = Options {
            max_iter: 100,
            tol: 1e-10,
            memory: 5,
        };
        minimise(&mut x, &f, opts, &mut |_, _, _| true);
        assert!(
            (x[0] - 3.0).abs() < 1e-6 && (x[1] + 1.0).abs() < 1e-6,
            "{x:?}"
        );
    }
}
