import Foundation

/// Correlated draws (MODEL.md §5): a Gaussian copula over the uncertain assumptions. Each draw takes a standard
/// normal vector z with the model's correlations (z = L·n, L the Cholesky factor, n independent normals from
/// the draw's own counter-based uniforms), u = Φ(z) for each assumption, and every entry naming that
/// assumption takes the triangular quantile of its u.
enum Copula {
    /// The distinct uncertain assumptions, in order of first appearance in `uncertainty`.
    static func assumptions(_ model: Model) -> [String] {
        var out: [String] = []
        for u in model.uncertainty where !out.contains(u.assumption) { out.append(u.assumption) }
        return out
    }

    /// The correlation matrix over `ids`: 1 on the diagonal, each pair's rho, 0 elsewhere.
    static func matrix(_ model: Model, _ ids: [String]) -> [[Double]] {
        var r = (0..<ids.count).map { i in (0..<ids.count).map { $0 == i ? 1.0 : 0.0 } }
        for c in model.correlations {
            guard let i = ids.firstIndex(of: c.a), let j = ids.firstIndex(of: c.b) else { continue }
            r[i][j] = c.rho; r[j][i] = c.rho
        }
        return r
    }

    /// The lower-triangular Cholesky factor, or nil where the matrix is not positive definite (a pivot ≤ 1e-12).
    static func cholesky(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i][j]
                for k in 0..<j { sum -= l[i][k] * l[j][k] }
                if i == j {
                    guard sum > 1e-12 else { return nil }
                    l[i][i] = sum.squareRoot()
                } else {
                    l[i][j] = sum / l[j][j]
                }
            }
        }
        return l
    }

    /// Φ, the standard normal CDF.
    static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// Φ⁻¹ for u in (0, 1): Acklam's rational approximation, refined by one Halley step (relative error
    /// below 1e-15 in double precision).
    static func quantile(_ u: Double) -> Double {
        let p = min(max(u, 1e-300), 1 - 1e-16)
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        var x: Double
        if p < 0.02425 {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p > 1 - 0.02425 {
            let q = (-2 * log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        }
        let e = cdf(x) - p, u2 = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        return x - u2 / (1 + x * u2 / 2)
    }
}
