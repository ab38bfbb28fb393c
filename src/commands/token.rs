//! `tributary token`: mints a bearer token for the query API.

use crate::cli::JwtArgs;
use secrecy::ExposeSecret as _;

/// Prints a token for `subject` with `roles`, valid `ttl` seconds.
pub(super) fn run(subject: &str, roles: &[String], ttl: i64, jwt: &JwtArgs) -> anyhow::Result<()> {
    let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
    let token = tributary_query_api::auth::mint(
        jwt.secret.expose_secret().as_bytes(),
        subject,
        &roles,
        &jwt.issuer,
        &jwt.audience,
        ttl,
    )?;
    println!("{token}");
    Ok(())
}
