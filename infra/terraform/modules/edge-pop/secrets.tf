# The PoP's own secrets, in its own region (a node boots without reaching another region's Secrets Manager), read by
# its nodes only:
# - edge-token: the PoP's edge credential, created empty. An operator fills it with a revocable token minted through
#   the API for this PoP (scripts/mint-pop-tokens.sh): a leaked node exposes its PoP's token alone, which the operator
#   revokes without touching other PoPs. Terraform never holds its value.
# - admin-token: the nodes' admin-listener token, also created empty and filled by the same operator step with a
#   random value of its own per PoP.
# Neither value ever passes through Terraform, so neither is in plan or state. (Generating them at apply with an
# ephemeral resource and a write-only argument would also keep them out of state, but Terraform 1.11's test framework
# cannot mock ephemeral resources, and the modules' plans must stay testable offline.)

resource "aws_secretsmanager_secret" "edge_token" {
  name                    = "${var.name}/pop/${var.pop}/edge-token"
  description             = "Edge credential of PoP ${var.pop} (CDN_EDGE_TOKEN): a token minted by POST /v1/edge-tokens named ${var.pop}, put here by scripts/mint-pop-tokens.sh"
  kms_key_id              = var.secrets_kms_key_arn
  recovery_window_in_days = var.secrets_recovery_window_days
  tags                    = local.tags
}

resource "aws_secretsmanager_secret" "admin_token" {
  name                    = "${var.name}/pop/${var.pop}/admin-token"
  description             = "Token of the admin listener of PoP ${var.pop}'s nodes (CDN_ADMIN_TOKEN), put here by scripts/mint-pop-tokens.sh"
  kms_key_id              = var.secrets_kms_key_arn
  recovery_window_in_days = var.secrets_recovery_window_days
  tags                    = local.tags
}
