# Secrets Manager holds every credential the processes need; containers and edge nodes read them at start.
# Outputs name the secrets (ARNs), never their values. Values are written through write-only arguments.

locals {
  # Generated tokens: the operator token (cdn.operator.token). There is no fleet-wide edge credential: every PoP
  # has a revocable token of its own, minted through the API into the PoP's own secret (modules/edge-pop).
  generated_tokens = {
    operator-token = "Operator token of platform-api (cdn.operator.token)"
  }
}

resource "aws_secretsmanager_secret" "db_url" {
  name                    = "${var.name}/control-plane/db-url"
  description             = "CDN_DB_URL of platform-api: postgresql://user:password@host:port/db"
  kms_key_id              = var.db_kms_key_arn
  recovery_window_in_days = var.deletion_protection ? 30 : 0
  tags                    = local.tags
}

resource "aws_secretsmanager_secret_version" "db_url" {
  secret_id                = aws_secretsmanager_secret.db_url.id
  secret_string_wo         = "postgresql://${local.db_user}:${data.aws_secretsmanager_random_password.db.random_password}@${aws_db_instance.this.address}:${local.db_port}/${local.db_name}"
  secret_string_wo_version = 1
}

data "aws_secretsmanager_random_password" "token" {
  for_each = local.generated_tokens

  password_length     = 48
  exclude_punctuation = true
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
  secret_string_wo         = data.aws_secretsmanager_random_password.token[each.key].random_password
  secret_string_wo_version = 1
}
