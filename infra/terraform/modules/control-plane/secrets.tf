# Secrets Manager holds the credentials platform-api needs; ECS injects them at task start. Outputs name the secrets
# (ARNs), never their values. No value is in plan or state: the database login is RDS's own managed secret
# (database.tf), and the operator token is generated at apply and written through a write-only argument, which
# Terraform keeps in neither plan nor state. It is made of two random UUIDs (uuid(): 122 bits from the operating
# system's cryptographic generator each, 244 in all) rather than an ephemeral random_password or
# aws_secretsmanager_random_password: Terraform 1.11's test framework cannot mock ephemeral resources, and these
# plans must stay testable offline; a data source's result would be stored in state.

locals {
  # Generated tokens: the operator token (cdn.operator.token). There is no fleet-wide edge credential: every PoP
  # has a revocable token of its own, minted through the API into the PoP's own secret (modules/edge-pop).
  generated_tokens = {
    operator-token = "Operator token of platform-api (cdn.operator.token)"
  }
}

resource "aws_secretsmanager_secret" "token" {
  for_each = local.generated_tokens

  name                    = "${var.name}/control-plane/${each.key}"
  description             = each.value
  kms_key_id              = var.db_kms_key_arn
  recovery_window_in_days = var.deletion_protection ? 30 : 0
  tags                    = local.tags
}

resource "aws_secretsmanager_secret_version" "token" {
  for_each = local.generated_tokens

  secret_id                = aws_secretsmanager_secret.token[each.key].id
  secret_string_wo         = "${replace(uuid(), "-", "")}${replace(uuid(), "-", "")}"
  secret_string_wo_version = var.operator_token_version
}
