//! Test-first stub.

/// Nothing is wiped yet.
pub async fn run(_matrix: &super::Matrix) -> Result<bool, matrix_sdk::Error> {
    Ok(false)
}
