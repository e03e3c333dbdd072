/**
 * Write-only per-service secrets: the origin-authentication header and the debug token (docs/routing.md, "Origin
 * authentication and debug headers"). Values go in and never come out: stored sealed (or hashed), shown as a
 * fingerprint, added only to the configs pushed to nodes.
 */
package dev.cdn.api.secrets;
